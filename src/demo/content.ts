/**
 * Texts of the demo tickets: what citizens write, what agencies answer, what the hotline
 * answers from its knowledge base. Names, numbers and places are fictional. Placeholders in
 * braces are filled per ticket: {street}, {street2}, {n}, {unit}, {hamlet}, {days}, {date}
 * (a recent past date), {adate} (the date of the answer), {dossier}, {company}, {school},
 * {oldUnit}, {oldDistrict}.
 *
 * None of these texts may match an out-of-scope rule (R-SC-3) except the OUT_OF_SCOPE ones;
 * the seed's test checks it.
 */

export interface Template {
  subject: string;
  content: string;
  /** The agency's reply, for tickets forwarded to it. */
  answer: string;
  /** A direct answer from the knowledge base (R-WF-1): the hotline answers at once. */
  kb?: string;
  urgency?: 'urgent' | 'emergency';
  /** May be forwarded to the People's Committee of the commune instead of the department. */
  local?: boolean;
  confidential?: boolean;
  /** Written by a foreigner, in English (R-IN-1). */
  en?: boolean;
}

export const TEMPLATES: Record<string, Template[]> = {
  'TTHC-DD': [
    {
      subject: 'Hỏi thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất',
      content:
        'Giấy chứng nhận quyền sử dụng đất của gia đình tôi cấp năm 2004 nay bị rách, mờ chữ. Xin hỏi thủ tục cấp đổi cần hồ sơ gì, nộp ở đâu và bao lâu thì có kết quả?',
      kb: 'Hồ sơ cấp đổi gồm: đơn đề nghị cấp đổi Giấy chứng nhận theo mẫu và bản gốc Giấy chứng nhận đã cấp. Ông/bà nộp tại Bộ phận Một cửa UBND xã, phường nơi có đất, tại Chi nhánh Văn phòng đăng ký đất đai hoặc trực tuyến trên Cổng Dịch vụ công quốc gia. Thời hạn giải quyết theo Bộ thủ tục hành chính tỉnh đã công bố là không quá 07 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.',
      answer: 'Sở Nông nghiệp và Môi trường đã hướng dẫn công dân hồ sơ cấp đổi Giấy chứng nhận.',
    },
    {
      subject: 'Hồ sơ đăng ký biến động đất đai bị trễ hẹn',
      content:
        'Tôi nộp hồ sơ đăng ký biến động (tặng cho quyền sử dụng đất cho con) tại Bộ phận Một cửa {unit} ngày {date}. Giấy hẹn đã quá {days} ngày nhưng vẫn chưa có kết quả, hỏi thì cán bộ chỉ nói chờ thêm. Đề nghị kiểm tra và trả lời rõ lý do chậm.',
      answer:
        'Chi nhánh Văn phòng đăng ký đất đai đã kiểm tra: hồ sơ chậm do phải đo đạc, xác định lại ranh giới thửa đất với hộ liền kề. Hồ sơ đã được giải quyết xong ngày {adate}; công dân mang giấy hẹn đến Bộ phận Một cửa {unit} để nhận kết quả. Đơn vị đã gửi thư xin lỗi công dân vì sự chậm trễ.',
      local: true,
    },
    {
      subject: 'Chưa được cấp Giấy chứng nhận sau khi nộp đủ nghĩa vụ tài chính',
      content:
        'Gia đình tôi đã nộp tiền sử dụng đất và lệ phí trước bạ từ {date} khi chuyển mục đích sử dụng đất ở {hamlet}, {unit}, đến nay vẫn chưa được cấp Giấy chứng nhận. Xin cho biết hồ sơ đang ở khâu nào.',
      answer:
        'Qua kiểm tra, hồ sơ đã được ký Giấy chứng nhận ngày {adate}. Văn phòng đăng ký đất đai đã chuyển kết quả về Bộ phận Một cửa {unit}; đề nghị công dân mang theo biên lai nộp tiền để nhận.',
    },
  ],
  'TTHC-DKKD': [
    {
      subject: 'Hỏi thủ tục đăng ký hộ kinh doanh',
      content:
        'Tôi muốn mở quán cà phê nhỏ tại số {n} đường {street}, {unit}. Xin hỏi đăng ký hộ kinh doanh cần những giấy tờ gì, nộp ở đâu, có mất phí không?',
      kb: 'Hồ sơ gồm Giấy đề nghị đăng ký hộ kinh doanh và bản sao giấy tờ pháp lý của chủ hộ (căn cước). Từ ngày 01/7/2025, hồ sơ nộp tại UBND cấp xã nơi đặt địa điểm kinh doanh hoặc trực tuyến trên Cổng Dịch vụ công quốc gia; thời hạn giải quyết 03 ngày làm việc. Lệ phí theo Nghị quyết của HĐND tỉnh, nộp trực tuyến được miễn hoặc giảm.',
      answer: 'Sở Tài chính đã hướng dẫn công dân thủ tục đăng ký hộ kinh doanh.',
    },
    {
      subject: 'Hướng dẫn đăng ký thành lập doanh nghiệp qua mạng',
      content:
        'Chúng tôi dự kiến thành lập công ty TNHH hai thành viên trở lên, ngành chế biến nông sản. Xin hướng dẫn cách nộp hồ sơ đăng ký doanh nghiệp qua mạng và thời gian giải quyết.',
      kb: 'Doanh nghiệp nộp hồ sơ trực tuyến tại Cổng thông tin quốc gia về đăng ký doanh nghiệp (dangkykinhdoanh.gov.vn), ký bằng chữ ký số hoặc tài khoản định danh điện tử. Phòng Đăng ký kinh doanh thuộc Sở Tài chính giải quyết trong 03 ngày làm việc kể từ khi nhận hồ sơ hợp lệ; kết quả được gửi qua mạng và có thể nhận bản giấy qua bưu chính công ích.',
      answer: 'Phòng Đăng ký kinh doanh đã hướng dẫn doanh nghiệp nộp hồ sơ qua mạng.',
    },
    {
      subject: 'Hồ sơ thay đổi đăng ký doanh nghiệp bị trả lại nhiều lần',
      content:
        'Công ty {company} nộp hồ sơ thay đổi người đại diện theo pháp luật từ {date}, đã bị yêu cầu sửa đổi 3 lần, mỗi lần một lý do khác nhau. Đề nghị Sở hướng dẫn một lần đầy đủ.',
      answer:
        'Phòng Đăng ký kinh doanh đã liên hệ trực tiếp doanh nghiệp, hướng dẫn đầy đủ một lần các nội dung cần điều chỉnh; hồ sơ đã được chấp thuận ngày {adate}. Sở đã nhắc nhở chuyên viên thụ lý về việc hướng dẫn không đầy đủ.',
    },
  ],
  'TTHC-HT': [
    {
      subject: 'Hỏi thủ tục đăng ký khai sinh cho con',
      content:
        'Vợ chồng tôi mới sinh con tại Bệnh viện Đa khoa tỉnh. Xin hỏi đăng ký khai sinh ở đâu, cần mang giấy tờ gì, có làm trực tuyến được không?',
      kb: 'Ông/bà chuẩn bị Giấy chứng sinh, căn cước của cha mẹ (và giấy chứng nhận kết hôn nếu có), nộp tại UBND xã, phường nơi cư trú. Có thể nộp trực tuyến nhóm thủ tục liên thông "Đăng ký khai sinh – Đăng ký thường trú – Cấp thẻ BHYT cho trẻ dưới 6 tuổi" trên Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID; thủ tục không mất lệ phí nếu đăng ký đúng hạn.',
      answer: 'UBND phường đã hướng dẫn công dân đăng ký khai sinh.',
      local: true,
    },
    {
      subject: 'Xin trích lục khai sinh đăng ký tại xã cũ trước sáp nhập',
      content:
        'Tôi cần trích lục bản sao giấy khai sinh đăng ký năm 1986 tại {oldUnit} ({oldDistrict} cũ), nay đã sáp nhập vào {unit}. Xin hỏi sổ hộ tịch cũ hiện lưu ở đâu và tôi liên hệ cơ quan nào?',
      answer:
        'Sổ hộ tịch của {oldUnit} trước ngày 01/7/2025 đã được bàn giao và lưu trữ tại UBND {unit}. Công dân liên hệ Bộ phận Một cửa {unit} hoặc nộp yêu cầu trích lục trực tuyến; kết quả trả trong ngày làm việc. Sở Tư pháp đã hướng dẫn UBND {unit} số hóa sổ hộ tịch cũ để tra cứu nhanh.',
      local: true,
    },
    {
      subject: 'Chứng thực bản sao phải chờ lâu',
      content:
        'Sáng {date} tôi đến Bộ phận Một cửa {unit} chứng thực bản sao nhưng chỉ có một cán bộ làm, phải chờ gần 3 tiếng. Đề nghị bố trí thêm người vào giờ cao điểm.',
      answer:
        'UBND {unit} tiếp thu phản ánh, từ ngày {adate} đã bố trí thêm 01 công chức tư pháp – hộ tịch làm chứng thực vào buổi sáng và hướng dẫn người dân lấy số thứ tự qua Zalo để giảm thời gian chờ.',
      local: true,
    },
  ],
  'TTHC-DVC': [
    {
      subject: 'Không nộp được hồ sơ trên Cổng Dịch vụ công',
      content:
        'Tôi nộp hồ sơ trên Cổng Dịch vụ công của tỉnh nhưng đến bước đính kèm tệp thì hệ thống báo lỗi, đã thử nhiều lần từ {date} bằng cả máy tính và điện thoại. Đề nghị hỗ trợ.',
      answer:
        'Trung tâm Phục vụ hành chính công tỉnh đã kiểm tra: lỗi do tệp đính kèm vượt dung lượng cho phép (10 MB). Cán bộ đã hướng dẫn công dân nén tệp và nộp thành công hồ sơ ngày {adate}.',
    },
    {
      subject: 'Tra cứu tình trạng hồ sơ',
      content:
        'Tôi nộp hồ sơ mã số {dossier} tại Trung tâm Phục vụ hành chính công tỉnh. Xin hỏi hồ sơ đang xử lý đến bước nào, khi nào có kết quả?',
      kb: 'Theo Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, hồ sơ {dossier} đang ở bước thẩm định tại cơ quan chuyên môn, còn trong hạn giải quyết. Khi có kết quả, hệ thống sẽ gửi tin nhắn SMS cho ông/bà; ông/bà cũng có thể tra cứu bằng mã hồ sơ trên Cổng Dịch vụ công của tỉnh.',
      answer: 'Trung tâm Phục vụ hành chính công đã thông tin tình trạng hồ sơ cho công dân.',
    },
    {
      subject: 'Đăng ký nhận kết quả giải quyết thủ tục tại nhà',
      content:
        'Tôi đi làm xa, muốn nhận kết quả giải quyết hồ sơ tại nhà qua bưu điện. Xin hỏi đăng ký thế nào, chi phí bao nhiêu?',
      kb: 'Khi nộp hồ sơ (trực tiếp hoặc trực tuyến), ông/bà chọn hình thức "nhận kết quả qua dịch vụ bưu chính công ích" và ghi địa chỉ nhận. Bưu điện sẽ liên hệ trước khi giao; cước phí theo bảng giá của Bưu điện tỉnh, thanh toán khi nhận.',
      answer:
        'Trung tâm Phục vụ hành chính công đã hướng dẫn công dân đăng ký nhận kết quả tại nhà.',
    },
  ],
  'TTHC-XD': [
    {
      subject: 'Hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ',
      content:
        'Tôi chuẩn bị xây nhà 2 tầng trên đất ở tại {hamlet}, {unit}. Xin hỏi có phải xin giấy phép xây dựng không, hồ sơ gồm những gì?',
      kb: 'Nhà ở riêng lẻ tại đô thị và khu vực có quy hoạch chi tiết phải có giấy phép xây dựng (trừ trường hợp được miễn theo Luật Xây dựng). Hồ sơ gồm: đơn đề nghị theo mẫu, bản sao giấy tờ về quyền sử dụng đất và 02 bộ bản vẽ thiết kế. Từ ngày 01/7/2025, hồ sơ nộp tại UBND cấp xã; thời hạn giải quyết 15 ngày.',
      answer: 'Đơn vị đã hướng dẫn công dân thủ tục cấp giấy phép xây dựng.',
      local: true,
    },
    {
      subject: 'Hồ sơ xin phép xây dựng quá hạn chưa giải quyết',
      content:
        'Tôi nộp hồ sơ xin phép xây dựng nhà ở tại số {n} đường {street} từ {date}, đã quá hạn mà chưa nhận được giấy phép hay văn bản trả lời. Đề nghị kiểm tra.',
      answer:
        'Hồ sơ bị chậm do bản vẽ chưa thể hiện khoảng lùi theo quy hoạch; cơ quan cấp phép đã hướng dẫn công dân điều chỉnh và cấp giấy phép xây dựng ngày {adate}. Sở Xây dựng đã đề nghị cơ quan cấp phép thông báo bằng văn bản một lần khi hồ sơ cần bổ sung.',
    },
  ],
  'TTHC-CB': [
    {
      subject: 'Phản ánh cán bộ một cửa yêu cầu giấy tờ ngoài quy định',
      content:
        'Ngày {date} tôi đến Bộ phận Một cửa {unit} nộp hồ sơ, cán bộ tiếp nhận yêu cầu bổ sung bản sao có chứng thực nhiều giấy tờ không có trong thành phần hồ sơ, thái độ thiếu hòa nhã. Đề nghị xem xét, chấn chỉnh.',
      answer:
        'Sở Nội vụ đã phối hợp UBND {unit} làm việc với công chức tiếp nhận hồ sơ; công chức đã nhận khuyết điểm, bị nhắc nhở và xin lỗi công dân. Hồ sơ của công dân đã được tiếp nhận đúng thành phần theo quy định ngày {adate}.',
      confidential: true,
    },
    {
      subject: 'Cán bộ hẹn nhiều lần không giải quyết hồ sơ',
      content:
        'Tôi đến {unit} hỏi việc xác nhận hồ sơ vay vốn học sinh, sinh viên cho con 4 lần, lần nào cán bộ cũng hẹn hôm sau vì bận họp. Đề nghị lãnh đạo quan tâm.',
      answer:
        'Chủ tịch UBND {unit} đã chỉ đạo xác nhận hồ sơ cho công dân trong ngày {adate} và phân công người trực thay khi công chức phụ trách đi họp, bảo đảm không để người dân chờ đợi.',
      confidential: true,
      local: true,
    },
  ],
  YT: [
    {
      subject: 'Bệnh viện đông, chờ khám quá lâu',
      content:
        'Sáng {date} tôi đưa mẹ đến khám tại Bệnh viện Đa khoa tỉnh, lấy số từ 6 giờ mà đến 11 giờ mới được khám, khu chờ thiếu ghế ngồi, người già phải đứng. Đề nghị bệnh viện cải thiện quy trình.',
      answer:
        'Bệnh viện Đa khoa tỉnh tiếp thu phản ánh: từ ngày {adate} mở thêm 04 bàn khám buổi sáng, triển khai đặt lịch khám qua tổng đài và ứng dụng, bổ sung 60 ghế chờ và ưu tiên người cao tuổi trên 80 tuổi.',
    },
    {
      subject: 'Hỏi lịch tiêm chủng mở rộng cho trẻ',
      content:
        'Con tôi 2 tháng tuổi, xin hỏi lịch tiêm chủng mở rộng tại trạm y tế {unit} vào ngày nào trong tháng và cần mang theo gì?',
      kb: 'Trạm Y tế {unit} tổ chức tiêm chủng mở rộng vào ngày 25 hằng tháng (nếu trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp). Phụ huynh mang theo sổ hoặc phiếu tiêm chủng của trẻ; trẻ 2 tháng tuổi được tiêm vắc xin 5 trong 1 và uống vắc xin bại liệt.',
      answer: 'Trạm Y tế đã thông tin lịch tiêm chủng cho công dân.',
    },
    {
      subject: 'Phòng khám tư nhân quảng cáo quá mức',
      content:
        'Phòng khám tư nhân trên đường {street} phát tờ rơi quảng cáo chữa khỏi hoàn toàn bệnh tiểu đường trong 1 tháng. Đề nghị kiểm tra việc quảng cáo và giấy phép hoạt động.',
      answer:
        'Thanh tra Sở Y tế đã kiểm tra phòng khám ngày {adate}: phòng khám có giấy phép hoạt động nhưng quảng cáo sai nội dung được phép. Đoàn đã lập biên bản, xử phạt vi phạm hành chính và yêu cầu thu hồi toàn bộ tờ rơi.',
    },
    {
      subject: 'Nhà thuốc bán thuốc kê đơn không cần đơn',
      content:
        'Một số nhà thuốc gần chợ {unit} bán thuốc kháng sinh cho người mua mà không cần đơn của bác sĩ. Đề nghị cơ quan chức năng kiểm tra.',
      answer:
        'Sở Y tế đã tổ chức kiểm tra đột xuất 05 nhà thuốc tại {unit}; 02 cơ sở vi phạm bị xử phạt và cam kết chấm dứt bán thuốc kê đơn không có đơn. Sở sẽ tiếp tục kiểm tra định kỳ.',
      confidential: true,
    },
  ],
  BHXH: [
    {
      subject: 'Hỏi gia hạn thẻ bảo hiểm y tế hộ gia đình',
      content:
        'Thẻ BHYT hộ gia đình của tôi sắp hết hạn. Xin hỏi gia hạn ở đâu, mức đóng bao nhiêu, có đóng qua ứng dụng được không?',
      kb: 'Ông/bà có thể gia hạn tại đại lý thu BHXH, BHYT ở xã, phường, tại bưu điện hoặc trực tuyến trên Cổng Dịch vụ công quốc gia, ứng dụng VssID. Mức đóng bằng 4,5% mức lương cơ sở cho người thứ nhất, giảm dần từ người thứ hai trong hộ. Nên đóng trước khi thẻ hết hạn để thời gian tham gia được liên tục.',
      answer: 'Bảo hiểm xã hội tỉnh đã hướng dẫn công dân gia hạn thẻ BHYT.',
    },
    {
      subject: 'Công ty nợ bảo hiểm xã hội, không chốt sổ cho người lao động',
      content:
        'Tôi nghỉ việc tại Công ty {company} đã {days} ngày nhưng công ty không chốt sổ BHXH vì còn nợ tiền đóng bảo hiểm, tôi không làm được hồ sơ trợ cấp thất nghiệp. Đề nghị can thiệp.',
      answer:
        'Bảo hiểm xã hội tỉnh đã làm việc với Công ty {company}; công ty đã nộp đủ số tiền nợ và Bảo hiểm xã hội tỉnh đã xác nhận quá trình đóng cho người lao động ngày {adate}. Công dân có thể nộp hồ sơ hưởng trợ cấp thất nghiệp tại Trung tâm Dịch vụ việc làm.',
      confidential: true,
    },
    {
      subject: 'Thẻ BHYT của con in sai ngày sinh',
      content:
        'Thẻ BHYT học sinh của con tôi in sai ngày sinh so với giấy khai sinh nên khi đi khám bệnh viện không chấp nhận. Xin hướng dẫn điều chỉnh.',
      answer:
        'Bảo hiểm xã hội tỉnh đã điều chỉnh thông tin theo dữ liệu dân cư và cấp lại thẻ BHYT điện tử ngày {adate}; phụ huynh dùng ứng dụng VssID hoặc VNeID để xuất trình khi khám bệnh.',
    },
  ],
  GD: [
    {
      subject: 'Hỏi thời gian tuyển sinh lớp 10',
      content:
        'Con tôi đang học lớp 9, xin hỏi năm nay tỉnh tổ chức thi tuyển sinh lớp 10 vào thời gian nào, thi mấy môn và đăng ký nguyện vọng ra sao?',
      kb: 'Theo kế hoạch của Sở Giáo dục và Đào tạo, kỳ thi tuyển sinh lớp 10 tổ chức vào đầu tháng 6, thi 3 môn Ngữ văn, Toán và Ngoại ngữ. Học sinh đăng ký tối đa 2 nguyện vọng qua trường THCS đang học hoặc trên hệ thống tuyển sinh trực tuyến; kế hoạch chi tiết được đăng trên trang thông tin của Sở.',
      answer: 'Sở Giáo dục và Đào tạo đã thông tin kế hoạch tuyển sinh lớp 10.',
    },
    {
      subject: 'Trường thu các khoản ngoài quy định đầu năm học',
      content:
        'Trường Tiểu học {school} thu mỗi học sinh 1.500.000 đồng gồm quỹ phụ huynh, tiền mua máy chiếu, tiền vệ sinh... ngay buổi họp đầu năm. Đề nghị kiểm tra các khoản thu này.',
      answer:
        'Sở Giáo dục và Đào tạo đã chỉ đạo kiểm tra: nhà trường thu một số khoản vận động chưa đúng quy định. Nhà trường đã dừng thu, hoàn trả tiền cho phụ huynh từ ngày {adate}; hiệu trưởng bị phê bình, rút kinh nghiệm.',
      confidential: true,
    },
    {
      subject: 'Con không được nhận vào lớp 1 gần nhà',
      content:
        'Gia đình tôi thường trú tại {hamlet}, {unit} nhưng con tôi không được nhận vào lớp 1 Trường Tiểu học {school} gần nhà vì hết chỉ tiêu, phải học xa hơn 5 km. Đề nghị xem xét.',
      answer:
        'UBND {unit} và Phòng Giáo dục đã rà soát tuyển sinh lớp 1 theo địa bàn; học sinh đã được bố trí vào Trường Tiểu học {school} từ ngày {adate}.',
      local: true,
    },
  ],
  LDVL: [
    {
      subject: 'Công ty chậm trả lương cho công nhân',
      content:
        'Công ty {company} ở Khu công nghiệp Tân Hiệp nợ lương 2 tháng của khoảng 120 công nhân, ban giám đốc hứa nhiều lần nhưng chưa trả. Đề nghị cơ quan chức năng can thiệp.',
      answer:
        'Sở Nội vụ đã phối hợp Ban Quản lý các khu công nghiệp và Liên đoàn Lao động tỉnh làm việc với Công ty {company}; công ty cam kết và đã trả đủ lương tháng trước ngày {adate}, lương còn lại trả trước cuối tháng. Sở tiếp tục theo dõi việc thực hiện.',
      confidential: true,
    },
    {
      subject: 'Hỏi chế độ trợ cấp cho thân nhân người có công',
      content:
        'Bố tôi là thương binh hạng 2/4 vừa mất. Xin hỏi gia đình có được hưởng trợ cấp mai táng và trợ cấp tuất không, hồ sơ nộp ở đâu?',
      kb: 'Khi người có công từ trần, thân nhân được hưởng trợ cấp mai táng và trợ cấp một lần; vợ/chồng, con đủ điều kiện được hưởng trợ cấp tuất hằng tháng. Gia đình nộp giấy báo tử, bản khai theo mẫu tại UBND xã, phường nơi cư trú; UBND xã chuyển hồ sơ đến Sở Nội vụ giải quyết.',
      answer: 'Sở Nội vụ đã hướng dẫn gia đình hồ sơ hưởng chế độ.',
    },
  ],
  ATTP: [
    {
      subject: 'Cơ sở giết mổ gia súc không bảo đảm vệ sinh',
      content:
        'Cơ sở giết mổ heo tại {hamlet}, {unit} hoạt động ban đêm, nước thải, chất thải đổ thẳng ra mương, không thấy kiểm dịch. Đề nghị kiểm tra.',
      answer:
        'Đoàn liên ngành đã kiểm tra cơ sở ngày {adate}: cơ sở giết mổ không có giấy chứng nhận đủ điều kiện, không kiểm soát giết mổ. Đoàn đã xử phạt, đình chỉ hoạt động và yêu cầu di dời vào điểm giết mổ tập trung.',
      local: true,
    },
    {
      subject: 'Bán thực phẩm không rõ nguồn gốc tại chợ',
      content:
        'Tại chợ {unit} có nhiều sạp bán chân gà, nội tạng đông lạnh không nhãn mác, bốc mùi. Đề nghị kiểm tra nguồn gốc.',
      answer:
        'Chi cục Quản lý chất lượng nông lâm sản và thủy sản phối hợp Quản lý thị trường kiểm tra chợ ngày {adate}, tạm giữ 180 kg sản phẩm động vật không rõ nguồn gốc để tiêu hủy và xử phạt 03 hộ kinh doanh.',
    },
  ],
  MT: [
    {
      subject: 'Cơ sở chế biến thủy sản xả nước thải gây mùi hôi',
      content:
        'Nhiều ngày nay cơ sở chế biến thủy sản tại {hamlet}, {unit} xả nước thải chưa qua xử lý ra kênh, mùi hôi nồng nặc, cá chết trên kênh. Đề nghị kiểm tra, xử lý.',
      answer:
        'Sở Nông nghiệp và Môi trường phối hợp UBND {unit} lấy mẫu nước thải ngày {adate}: kết quả vượt quy chuẩn cho phép. Cơ sở bị xử phạt, buộc dừng xả thải và khắc phục hệ thống xử lý trong 30 ngày; Sở sẽ kiểm tra lại.',
      urgency: 'urgent',
    },
    {
      subject: 'Khói bụi từ lò sấy lúa ảnh hưởng khu dân cư',
      content:
        'Lò sấy lúa gần {hamlet} đốt trấu cả ngày đêm, khói bụi bay vào nhà dân, trẻ nhỏ bị ho. Đề nghị yêu cầu lắp thiết bị xử lý khói bụi.',
      answer:
        'Đoàn kiểm tra đã yêu cầu chủ lò sấy lắp đặt hệ thống lọc bụi, nâng chiều cao ống khói; chủ cơ sở đã hoàn thành ngày {adate}. UBND {unit} giao công chức địa chính – môi trường theo dõi.',
      local: true,
    },
  ],
  RAC: [
    {
      subject: 'Rác tồn đọng nhiều ngày không được thu gom',
      content:
        'Rác tại đầu hẻm {n} đường {street}, {unit} không được thu gom đã {days} ngày, bốc mùi hôi, ruồi nhặng nhiều. Đề nghị đơn vị thu gom xử lý.',
      answer:
        'Đơn vị dịch vụ công ích đã thu gom toàn bộ rác tồn đọng ngày {adate}. Nguyên nhân do xe thu gom hư hỏng; đơn vị đã bố trí xe dự phòng và niêm yết lịch thu gom tại khu phố.',
      local: true,
    },
    {
      subject: 'Đổ xà bần, rác thải xây dựng ven đường',
      content:
        'Có người dùng xe ben đổ xà bần, rác thải xây dựng ban đêm dọc đường {street} đoạn qua {hamlet}, lấn ra lòng đường gây nguy hiểm. Đề nghị xử lý và lắp biển cấm.',
      answer:
        'UBND {unit} đã tổ chức dọn dẹp, lắp biển cấm đổ rác và camera giám sát tại điểm nóng từ ngày {adate}; công an xã tăng cường tuần tra ban đêm.',
      local: true,
    },
  ],
  DIEN: [
    {
      subject: 'Mất điện kéo dài không có thông báo',
      content:
        'Khu vực {hamlet}, {unit} bị mất điện từ sáng đến giờ chưa có điện lại, không thấy thông báo cắt điện trước. Nhiều hộ có người già, trẻ nhỏ. Đề nghị Điện lực kiểm tra.',
      answer:
        'Điện lực khu vực xác định nguyên nhân do sự cố đứt dây trung thế vì cây ngã; tổ sửa chữa đã khắc phục và cấp điện trở lại lúc 15 giờ 20 ngày {adate}. Công ty xin lỗi khách hàng vì sự bất tiện.',
      urgency: 'urgent',
    },
    {
      subject: 'Điện áp yếu, thiết bị không hoạt động',
      content:
        'Buổi tối điện ở {hamlet}, {unit} rất yếu, đèn chập chờn, tủ lạnh và máy bơm không chạy được. Tình trạng kéo dài cả tháng nay.',
      answer:
        'Công ty Điện lực đã đo kiểm, xác định trạm biến áp quá tải vào giờ cao điểm; đơn vị đã hoán đổi máy biến áp công suất lớn hơn ngày {adate}, điện áp khu vực đã ổn định.',
    },
    {
      subject: 'Trụ điện nghiêng có nguy cơ ngã đổ',
      content:
        'Trụ điện trước số {n} đường {street}, {unit} bị nghiêng nặng sau trận mưa lớn, dây điện võng thấp sát mái nhà. Đề nghị xử lý gấp.',
      answer:
        'Điện lực đã cử tổ công tác đến hiện trường ngay trong ngày, chằng néo tạm thời và thay trụ mới ngày {adate}. Đơn vị đã kiểm tra các trụ lân cận trên tuyến.',
      urgency: 'emergency',
    },
  ],
  NUOC: [
    {
      subject: 'Mất nước sinh hoạt nhiều ngày',
      content:
        'Khu dân cư đường {street}, {unit} mất nước từ ngày {date}, chỉ có nước yếu vào ban đêm. Gia đình phải mua nước bình để dùng. Đề nghị Công ty Cấp nước kiểm tra.',
      answer:
        'Công ty Cấp nước xác định nguyên nhân do vỡ đường ống chính DN200 trên đường {street}; đã sửa chữa xong và cấp nước ổn định lại từ ngày {adate}. Trong thời gian sửa chữa, công ty đã bố trí xe chở nước cho khu vực.',
      urgency: 'urgent',
    },
    {
      subject: 'Nước máy có màu vàng đục',
      content:
        'Mấy hôm nay nước máy tại nhà tôi ở số {n} đường {street} có màu vàng đục, có cặn, không dám dùng để nấu ăn. Đề nghị kiểm tra chất lượng nước.',
      answer:
        'Công ty Cấp nước đã lấy mẫu kiểm nghiệm và súc xả tuyến ống ngày {adate}; kết quả mẫu sau súc xả đạt quy chuẩn. Nguyên nhân do cặn trong ống cũ khi thay đổi áp lực; tuyến ống sẽ được thay mới trong kế hoạch năm nay.',
    },
    {
      subject: 'Ống nước bị vỡ gây lãng phí',
      content:
        'Ống nước của Công ty Cấp nước bị vỡ trên vỉa hè đường {street}, nước chảy thành dòng ra đường suốt 2 ngày nay. Đề nghị khắc phục.',
      answer: 'Công ty Cấp nước đã sửa chữa điểm vỡ ống ngày {adate}.',
    },
    {
      subject: 'No running water in our apartment',
      content:
        'Our apartment block on {street} street has had no running water since this morning and nobody from the building management answers. We have two small children. Could someone help?',
      answer:
        'The water supply company repaired a broken main on {street} street; supply was restored on {adate}. The company has asked the building management to post outage notices in English as well.',
      en: true,
    },
  ],
  PCTT: [
    {
      subject: 'Sạt lở bờ sông đe dọa nhà dân',
      content:
        'Bờ sông đoạn qua {hamlet}, {unit} bị sạt lở, vết nứt ăn sâu vào gần nền nhà của 5 hộ dân. Đề nghị khảo sát và di dời khẩn cấp.',
      answer:
        'Sở Nông nghiệp và Môi trường phối hợp UBND {unit} khảo sát hiện trường, cắm biển cảnh báo và di dời tạm thời 05 hộ dân đến nơi an toàn; công trình kè tạm bằng cừ tràm đã hoàn thành ngày {adate}.',
      urgency: 'emergency',
    },
    {
      subject: 'Đê bao bị rò rỉ trước mùa nước nổi',
      content:
        'Đê bao khu vực {hamlet}, {unit} có nhiều đoạn bị rò rỉ, nếu nước lên sẽ ảnh hưởng khoảng 200 ha lúa. Đề nghị gia cố sớm.',
      answer:
        'UBND {unit} đã huy động lực lượng gia cố các đoạn đê bao xung yếu, hoàn thành ngày {adate}; Sở bố trí kinh phí nâng cấp đê bao trong kế hoạch phòng, chống thiên tai.',
      local: true,
    },
  ],
  GT: [
    {
      subject: 'Nhiều ổ gà trên đường',
      content:
        'Đoạn đường {street} từ ngã ba chợ đến giao lộ với đường {street2} xuất hiện nhiều ổ gà lớn, trời mưa đọng nước, người đi xe máy nhiều lần té ngã. Đề nghị sửa chữa.',
      answer:
        'Sở Xây dựng đã giao đơn vị quản lý đường bộ vá ổ gà trên đường {street}; việc sửa chữa hoàn thành ngày {adate}. Tuyến đường đã được đưa vào kế hoạch thảm bê tông nhựa năm tới.',
    },
    {
      subject: 'Đèn tín hiệu giao thông không hoạt động',
      content:
        'Đèn tín hiệu tại nút giao {street} – {street2} tắt từ 2 ngày nay, giờ cao điểm xe cộ lộn xộn rất nguy hiểm. Đề nghị khắc phục.',
      answer:
        'Đơn vị quản lý đã thay bộ điều khiển đèn tín hiệu bị hỏng do sét, đèn hoạt động bình thường trở lại từ ngày {adate}.',
      urgency: 'urgent',
    },
    {
      subject: 'Biển báo giao thông bị cây che khuất',
      content:
        'Biển báo hạn chế tốc độ trên đường {street} đoạn qua trường học bị cành cây che khuất hoàn toàn. Đề nghị cắt tỉa.',
      answer: 'Đơn vị quản lý đã cắt tỉa cây xanh, bảo đảm tầm nhìn biển báo ngày {adate}.',
    },
  ],
  TN: [
    {
      subject: 'Đường ngập sâu mỗi khi mưa lớn',
      content:
        'Mỗi khi mưa lớn, đoạn đường {street} trước chợ {unit} ngập sâu 30–40 cm, nước tràn vào nhà dân, cống thoát nước bị rác bít kín. Đề nghị nạo vét cống.',
      answer:
        'Sở Xây dựng đã chỉ đạo đơn vị thoát nước nạo vét toàn tuyến cống trên đường {street}, hoàn thành ngày {adate}; dự án nâng cấp hệ thống thoát nước khu vực chợ đang được chuẩn bị đầu tư.',
      local: true,
    },
    {
      subject: 'Nắp hố ga bị mất',
      content:
        'Nắp hố ga trên vỉa hè trước số {n} đường {street} bị mất, đã có người đi bộ sụp chân. Đề nghị thay nắp gấp.',
      answer:
        'Đơn vị quản lý thoát nước đã lắp nắp hố ga mới ngày {adate} và rà soát các hố ga trên tuyến.',
      urgency: 'urgent',
      local: true,
    },
  ],
  CSCX: [
    {
      subject: 'Đèn đường bị hỏng nhiều ngày',
      content:
        'Hệ thống đèn chiếu sáng trên đường {street} đoạn từ số {n} trở đi bị hỏng khoảng 10 bóng, ban đêm tối om, tiềm ẩn mất an toàn. Đề nghị sửa chữa.',
      answer:
        'Đơn vị quản lý chiếu sáng công cộng đã thay 10 bộ đèn LED hư hỏng trên đường {street}, hoàn thành ngày {adate}.',
      local: true,
    },
    {
      subject: 'Cây xanh nghiêng có nguy cơ gãy đổ',
      content:
        'Cây xanh lớn trước số {n} đường {street}, {unit} bị nghiêng, rễ trồi lên mặt đường, mùa mưa bão rất nguy hiểm cho người đi đường. Đề nghị kiểm tra, cắt tỉa.',
      answer:
        'Đơn vị quản lý cây xanh đã khảo sát, cắt tỉa tán và chằng chống cây ngày {adate}; cây sẽ được theo dõi và thay thế nếu tiếp tục nghiêng.',
      local: true,
    },
  ],
  VT: [
    {
      subject: 'Cáp viễn thông treo thấp, chằng chịt',
      content:
        'Dây cáp viễn thông trên đường {street} đoạn qua {unit} treo thấp, chằng chịt, có đoạn võng xuống sát đầu người đi đường. Đề nghị các doanh nghiệp viễn thông chỉnh trang.',
      answer:
        'Sở Khoa học và Công nghệ đã yêu cầu các doanh nghiệp viễn thông chỉnh trang, bó gọn và thu hồi cáp không sử dụng trên đường {street}; việc chỉnh trang hoàn thành ngày {adate}.',
    },
    {
      subject: 'Sóng di động yếu tại khu dân cư',
      content:
        'Khu vực {hamlet}, {unit} sóng điện thoại di động rất yếu, gọi điện thường bị rớt, con em học trực tuyến không được. Đề nghị các nhà mạng lắp thêm trạm phát sóng.',
      answer:
        'Sở Khoa học và Công nghệ đã làm việc với các doanh nghiệp viễn thông; một doanh nghiệp đã lắp đặt trạm phát sóng mới phục vụ khu vực, đưa vào hoạt động ngày {adate}.',
    },
  ],
  BL: [
    {
      subject: 'Cửa hàng bán hàng giả nhãn hiệu',
      content:
        'Cửa hàng trên đường {street}, {unit} bán giày dép, quần áo mang nhãn hiệu nổi tiếng với giá rất rẻ, nghi là hàng giả. Đề nghị kiểm tra.',
      answer:
        'Đội Quản lý thị trường đã kiểm tra cửa hàng ngày {adate}, tạm giữ 320 sản phẩm có dấu hiệu giả mạo nhãn hiệu, lập hồ sơ xử lý theo quy định.',
      confidential: true,
    },
    {
      subject: 'Cây xăng bơm thiếu',
      content:
        'Tôi đổ 100.000 đồng xăng tại cửa hàng xăng dầu trên {street} nhưng đo thử thấy thiếu khá nhiều so với số hiển thị. Đề nghị kiểm tra cột bơm.',
      answer:
        'Quản lý thị trường phối hợp cơ quan đo lường kiểm tra đột xuất ngày {adate}: 01 cột bơm có sai số vượt mức cho phép, cửa hàng bị xử phạt và buộc kiểm định lại cột bơm.',
      confidential: true,
    },
  ],
  VTNN: [
    {
      subject: 'Nghi phân bón kém chất lượng',
      content:
        'Tôi mua phân bón NPK tại một đại lý ở {unit} để bón cho 2 ha lúa nhưng lúa không phát triển, hạt phân khó tan. Đề nghị kiểm tra chất lượng phân bón.',
      answer:
        'Sở Nông nghiệp và Môi trường đã lấy mẫu phân bón tại đại lý để kiểm nghiệm; kết quả hàm lượng đạm thấp hơn công bố. Đại lý bị xử phạt, thu hồi lô hàng; người dân được hướng dẫn lập hồ sơ yêu cầu bồi thường.',
    },
    {
      subject: 'Bán thuốc bảo vệ thực vật không rõ nguồn gốc',
      content:
        'Có người chở xe bán thuốc bảo vệ thực vật nhãn tiếng nước ngoài, không có tem nhãn tiếng Việt, đến tận ruộng ở {hamlet} chào bán. Đề nghị kiểm tra.',
      answer:
        'Thanh tra Sở phối hợp công an xã đã kiểm tra, tạm giữ lô thuốc bảo vệ thực vật không rõ nguồn gốc ngày {adate} và tuyên truyền người dân chỉ mua tại đại lý có giấy phép.',
      confidential: true,
    },
  ],
  TTXD: [
    {
      subject: 'Xây dựng lấn chiếm hành lang đường',
      content:
        'Hộ dân tại số {n} đường {street} đang xây dựng mái che, bục kiên cố lấn ra vỉa hè khoảng 2 m. Đề nghị kiểm tra trật tự xây dựng.',
      answer:
        'UBND {unit} đã kiểm tra, lập biên bản vi phạm; chủ nhà đã tự tháo dỡ phần công trình lấn chiếm vỉa hè ngày {adate}.',
      local: true,
    },
    {
      subject: 'Công trình thi công gây nứt nhà liền kề',
      content:
        'Công trình xây dựng nhà 5 tầng bên cạnh nhà tôi ở {unit} ép cọc làm tường nhà tôi nứt nhiều chỗ, chủ đầu tư không che chắn. Đề nghị kiểm tra và yêu cầu bồi thường.',
      answer:
        'Đoàn kiểm tra đã tạm dừng thi công, yêu cầu chủ đầu tư che chắn, gia cố và thỏa thuận bồi thường thiệt hại cho hộ liền kề; hai bên đã thống nhất phương án sửa chữa ngày {adate}.',
      local: true,
    },
  ],
  VPDD: [
    {
      subject: 'San lấp đất trồng lúa trái phép',
      content:
        'Một số hộ tại {hamlet}, {unit} dùng xe tải chở đất san lấp ruộng lúa để phân lô bán nền. Đề nghị kiểm tra việc chuyển mục đích sử dụng đất.',
      answer:
        'Sở Nông nghiệp và Môi trường phối hợp UBND {unit} kiểm tra: việc san lấp không được phép chuyển mục đích sử dụng đất. Các hộ bị xử phạt, buộc khôi phục tình trạng ban đầu của đất; việc khắc phục được kiểm tra lại ngày {adate}.',
      local: true,
    },
  ],
  DT: [
    {
      subject: 'Hỏi chính sách ưu đãi đầu tư nông nghiệp công nghệ cao',
      content:
        'Doanh nghiệp chúng tôi muốn đầu tư trang trại rau thủy canh công nghệ cao khoảng 5 ha tại tỉnh. Xin hỏi tỉnh có chính sách hỗ trợ, ưu đãi nào?',
      answer:
        'Sở Tài chính đã gửi doanh nghiệp danh mục chính sách ưu đãi, hỗ trợ đầu tư vào nông nghiệp công nghệ cao của tỉnh và mời doanh nghiệp làm việc trực tiếp ngày {adate} để được hướng dẫn thủ tục chấp thuận chủ trương đầu tư.',
    },
    {
      subject: 'Thủ tục đề nghị chấp thuận chủ trương đầu tư',
      content:
        'Công ty {company} muốn đầu tư nhà máy chế biến trái cây. Xin hướng dẫn hồ sơ đề nghị chấp thuận chủ trương đầu tư và thời gian giải quyết.',
      kb: 'Hồ sơ gồm văn bản đề nghị thực hiện dự án, tài liệu về tư cách pháp lý của nhà đầu tư, năng lực tài chính, đề xuất dự án và đề xuất nhu cầu sử dụng đất. Nhà đầu tư nộp tại Sở Tài chính (bộ phận xúc tiến và hỗ trợ đầu tư) hoặc trực tuyến trên Hệ thống thông tin quốc gia về đầu tư; thời hạn giải quyết theo Luật Đầu tư.',
      answer: 'Sở Tài chính đã hướng dẫn doanh nghiệp hồ sơ chấp thuận chủ trương đầu tư.',
    },
  ],
  KCN: [
    {
      subject: 'Xe container đậu dọc đường vào khu công nghiệp',
      content:
        'Đường vào Khu công nghiệp Tân Hiệp buổi chiều có hàng chục xe container đậu hai bên đường, gây ùn tắc giờ tan ca. Đề nghị bố trí bãi đậu xe.',
      answer:
        'Ban Quản lý các khu công nghiệp đã làm việc với công ty hạ tầng khu công nghiệp bố trí bãi đậu xe tạm 1,2 ha, đưa vào sử dụng từ ngày {adate}; lực lượng chức năng tăng cường nhắc nhở xe đậu sai quy định.',
    },
    {
      subject: 'Investment procedures for a factory in an industrial zone',
      content:
        'We are a Korean company planning a garment factory (about 800 workers) in Tan Hiep Industrial Zone. Which authority issues the investment registration certificate, and how long does it take?',
      answer:
        'The Industrial Zones Authority issues the investment registration certificate for projects inside industrial zones, normally within 15 days of a complete application. Its investment support office met your representatives on {adate} and sent you the checklist and the list of available land plots.',
      en: true,
    },
  ],
  DLSK: [
    {
      subject: 'Hỏi lịch tổ chức lễ hội trong tháng',
      content:
        'Gia đình tôi muốn về tham quan dịp lễ hội của tỉnh. Xin hỏi tháng này có lễ hội, sự kiện gì và tổ chức ở đâu?',
      kb: 'Lịch lễ hội, sự kiện văn hóa – du lịch trong tháng được đăng trên Cổng thông tin du lịch tỉnh và fanpage của Sở Văn hóa, Thể thao và Du lịch; ông/bà có thể gọi Trung tâm Thông tin xúc tiến du lịch để được tư vấn điểm tham quan, lưu trú.',
      answer: 'Sở Văn hóa, Thể thao và Du lịch đã thông tin lịch sự kiện.',
    },
    {
      subject: 'Khu du lịch thu giá dịch vụ quá cao',
      content:
        'Ngày {date} gia đình tôi đến khu du lịch sinh thái ở {unit}, bị thu tiền gửi xe và giá ăn uống cao gấp 3 lần niêm yết. Đề nghị kiểm tra.',
      answer:
        'Sở Văn hóa, Thể thao và Du lịch phối hợp UBND {unit} kiểm tra khu du lịch ngày {adate}: đơn vị không niêm yết giá một số dịch vụ. Khu du lịch bị xử phạt, đã niêm yết giá công khai và hoàn lại tiền chênh lệch cho du khách.',
    },
    {
      subject: 'Taxi overcharging at the bus station',
      content:
        'I am a tourist from Australia. On {date} a taxi driver at the provincial bus station charged me 500,000 VND for a 3 km ride and refused to use the meter. Please look into it.',
      answer:
        'The Department of Culture, Sports and Tourism and the Department of Construction identified the taxi company; the driver was fined and suspended, and the company refunded the difference on {adate}. Thank you for helping us improve services for visitors.',
      en: true,
    },
  ],
  ANTT: [
    {
      subject: 'Karaoke gây ồn sau 22 giờ',
      content:
        'Quán karaoke trên đường {street}, {unit} hát lớn đến 1–2 giờ sáng nhiều đêm liền, ảnh hưởng giấc ngủ người dân, nhất là người già và học sinh. Đề nghị xử lý.',
      answer:
        'Công an {unit} đã kiểm tra, lập biên bản xử phạt chủ quán về hành vi gây tiếng ồn quá mức vào ban đêm, yêu cầu cam kết đóng cửa trước 22 giờ; lực lượng công an tiếp tục kiểm tra đột xuất.',
      confidential: true,
    },
    {
      subject: 'Hỏi thủ tục cấp thẻ căn cước cho con 14 tuổi',
      content:
        'Con tôi 14 tuổi, xin hỏi làm thẻ căn cước ở đâu, cần giấy tờ gì và có mất phí không?',
      kb: 'Công dân từ đủ 14 tuổi phải làm thủ tục cấp thẻ căn cước. Người đề nghị đến Công an cấp xã hoặc điểm cấp căn cước của Công an tỉnh, không cần mang giấy tờ nếu thông tin đã có trong Cơ sở dữ liệu quốc gia về dân cư; lần cấp đầu miễn lệ phí. Có thể đặt lịch trước trên ứng dụng VNeID.',
      answer: 'Công an tỉnh đã hướng dẫn thủ tục cấp căn cước.',
    },
    {
      subject: 'Temporary residence registration for foreign workers',
      content:
        'My family and I (three people, Indian nationals) have just moved here for work at the industrial zone. How do we register our temporary residence, and who has to do it?',
      kb: 'Your landlord (or the hotel) must declare your temporary residence to the commune/ward police within 12 hours of your arrival, online via the police residence portal or in person; please give them your passports and visas. If you move, the new landlord declares again.',
      answer: 'The provincial police explained temporary residence registration for foreigners.',
      en: true,
    },
  ],
  KHAC: [
    {
      subject: 'Có phải làm lại giấy tờ sau sáp nhập xã không?',
      content:
        'Sau khi sắp xếp đơn vị hành chính, {oldUnit} thuộc {oldDistrict} nay thành {unit}. Tôi có phải làm lại căn cước, sổ đỏ, giấy phép kinh doanh để cập nhật địa chỉ mới không?',
      kb: 'Giấy tờ đã cấp trước khi sắp xếp đơn vị hành chính vẫn tiếp tục có giá trị sử dụng, người dân không bắt buộc làm thủ tục thay đổi địa chỉ. Khi có nhu cầu cấp đổi, cấp lại thì địa chỉ mới ({unit}) sẽ được cập nhật và không thu phí, lệ phí đối với việc thay đổi do sắp xếp đơn vị hành chính.',
      answer:
        'Văn phòng UBND tỉnh đã thông tin việc sử dụng giấy tờ sau sắp xếp đơn vị hành chính.',
    },
    {
      subject: 'Góp ý mở rộng kênh Zalo của Tổng đài 1022',
      content:
        'Tôi đề nghị Tổng đài 1022 cho phép gửi hình ảnh, video hiện trường qua Zalo và trả lời kết quả qua Zalo để người dân tiện theo dõi.',
      answer:
        'Văn phòng UBND tỉnh ghi nhận góp ý; từ ngày {adate} Tổng đài 1022 đã tiếp nhận hình ảnh, video qua Zalo Official Account và gửi kết quả xử lý qua Zalo cho người dân đăng ký kênh này.',
    },
  ],
};

/** Out-of-scope contacts (R-SC-3) and contacts without content: recorded, then refused. */
export interface OutOfScope {
  rule: '113' | '114' | '115' | 'KNTC' | null;
  subject: string;
  content: string;
  /** Reason when no rule applies (nonsense, harassment). */
  reason?: string;
  en?: boolean;
}

export const OUT_OF_SCOPE: OutOfScope[] = [
  {
    rule: '113',
    subject: 'Báo mất xe máy',
    content:
      'Tối qua nhà tôi ở số {n} đường {street} bị kẻ gian ăn trộm xe máy để trước sân. Đề nghị công an điều tra.',
  },
  {
    rule: '113',
    subject: 'Thanh niên tụ tập đánh nhau',
    content:
      'Có nhóm thanh niên khoảng 10 người đang đánh nhau trước quán nhậu trên đường {street}, rất nguy hiểm.',
  },
  {
    rule: '113',
    subject: 'Bị cướp giật điện thoại',
    content:
      'Tôi vừa bị hai người đi xe máy cướp giật điện thoại trên đường {street2}, họ chạy về hướng cầu.',
  },
  {
    rule: '114',
    subject: 'Báo cháy kho phế liệu',
    content: 'Có đám cháy lớn ở bãi phế liệu gần {hamlet}, {unit}, khói đen bốc cao.',
  },
  {
    rule: '114',
    subject: 'Người mắc kẹt trong thang máy',
    content: 'Có 3 người bị mắc kẹt trong thang máy chung cư trên đường {street} đã 20 phút.',
  },
  {
    rule: '115',
    subject: 'Người ngất xỉu bên đường',
    content: 'Có một cụ bà ngất xỉu bên lề đường {street}, gần chợ {unit}, cần xe cứu thương.',
  },
  {
    rule: '115',
    subject: 'Cần cấp cứu gấp',
    content: 'Bố tôi đang khó thở, tím tái ở nhà tại {hamlet}, {unit}, cần cấp cứu gấp.',
  },
  {
    rule: 'KNTC',
    subject: 'Khiếu nại quyết định thu hồi đất',
    content:
      'Tôi không đồng ý với quyết định thu hồi đất và mức bồi thường cho gia đình tôi tại {hamlet}, muốn gửi đơn khiếu nại lên UBND tỉnh.',
  },
  {
    rule: 'KNTC',
    subject: 'Muốn tố cáo cán bộ địa chính',
    content:
      'Tôi muốn tố cáo cán bộ địa chính {unit} nhận tiền để làm nhanh hồ sơ, tôi có ghi âm làm bằng chứng.',
  },
  {
    rule: 'KNTC',
    subject: 'Khiếu nại kết quả giải quyết lần đầu',
    content:
      'Tôi đã nhận quyết định giải quyết khiếu nại lần đầu của UBND {unit} nhưng không đồng ý, muốn khiếu nại lần hai.',
  },
  {
    rule: '113',
    subject: 'Bag snatched near the market',
    content:
      'Two men on a motorbike just snatched my bag near {unit} market and rode towards the bridge. Please send the police!',
    en: true,
  },
  {
    rule: null,
    subject: 'Cuộc gọi không có nội dung',
    content: 'Cuộc gọi im lặng, người gọi không nói gì rồi tắt máy.',
    reason: 'Cuộc gọi không có nội dung phản ánh, kiến nghị.',
  },
  {
    rule: null,
    subject: 'Cuộc gọi quấy rối',
    content:
      'Người gọi nói lời lẽ thiếu văn hóa, xúc phạm tổng đài viên, không có nội dung phản ánh.',
    reason: 'Cuộc gọi quấy rối, sử dụng lời lẽ thiếu văn hóa (R-AB-1); đã ghi nhận số điện thoại.',
  },
];

export const NO_RULE_GUIDANCE =
  'Tổng đài 1022 tiếp nhận phản ánh, kiến nghị về thủ tục hành chính, dịch vụ công và các vấn đề kinh tế – xã hội trên địa bàn tỉnh. Đề nghị Quý khách nêu rõ nội dung, họ tên, địa chỉ, số điện thoại khi liên hệ.';

export const FAMILY_NAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Trương',
  'Đinh',
  'Lâm',
  'Mai',
];
export const MALE_NAMES = [
  'Văn An',
  'Văn Bình',
  'Minh Cường',
  'Quốc Dũng',
  'Hữu Đức',
  'Thanh Hải',
  'Văn Hùng',
  'Minh Khang',
  'Hoàng Long',
  'Văn Nam',
  'Hữu Nghĩa',
  'Tấn Phát',
  'Minh Quân',
  'Văn Sơn',
  'Đức Thắng',
  'Quang Trung',
  'Anh Tuấn',
  'Văn Tư',
  'Thành Vinh',
  'Công Vũ',
];
export const FEMALE_NAMES = [
  'Thị Ánh',
  'Ngọc Bích',
  'Thị Cúc',
  'Thùy Dung',
  'Thu Hà',
  'Thị Hạnh',
  'Thị Hoa',
  'Thanh Hương',
  'Kim Liên',
  'Thị Lan',
  'Mỹ Linh',
  'Thị Mai',
  'Thị Nga',
  'Hồng Nhung',
  'Thị Phương',
  'Thanh Tâm',
  'Phương Thảo',
  'Thu Trang',
  'Tường Vy',
  'Hải Yến',
];
export const FOREIGN_NAMES = [
  'James Wilson',
  'Emma Clarke',
  'Kim Min-jun',
  'Priya Sharma',
  'Lucas Martin',
  'Sarah Johnson',
];
export const COMPANIES = [
  'TNHH May mặc Phú Thịnh',
  'CP Thực phẩm Hòa An',
  'TNHH Cơ khí Tân Tiến',
  'TNHH Giày da Việt Hưng',
  'CP Nông sản Mekong Xanh',
  'TNHH Bao bì Minh Phát',
];
export const SCHOOLS = ['An Phú', 'Bình Minh 2', 'Hòa Bình', 'Long Hưng A', 'Phú Lộc', 'Tân Thành'];
export const STREETS = [
  'Trần Hưng Đạo',
  'Lê Lợi',
  'Nguyễn Huệ',
  'Hùng Vương',
  'Lý Thường Kiệt',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Phạm Ngũ Lão',
  'Võ Thị Sáu',
  'Điện Biên Phủ',
  '30 Tháng 4',
  'Nguyễn Văn Cừ',
  'Tôn Đức Thắng',
  'Lê Duẩn',
  'Nguyễn Đình Chiểu',
  'Nguyễn Thị Minh Khai',
  'Trần Phú',
  'Phan Đình Phùng',
];
export const HAMLETS = [
  'ấp Long Bình',
  'ấp Phú Hòa',
  'ấp Tân Lợi',
  'khóm 3',
  'khóm 5',
  'tổ dân phố 7',
  'ấp Mỹ Thới',
  'ấp Thạnh Lợi',
  'khu phố 2',
  'ấp Đông An',
];
