/**
 * Every error the API can return, with a stable machine code, its HTTP status and messages
 * in Vietnamese (first) and English. Clients switch on `code`; people read `message`.
 * The HTTP mapping lives here and only here.
 */
export const ERRORS = {
  validation_failed: {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ.',
    en: 'The submitted data is not valid.',
  },
  bad_request: { status: 400, vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
  unauthenticated: {
    status: 401,
    vi: 'Bạn cần đăng nhập.',
    en: 'You need to sign in.',
  },
  invalid_credentials: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'Wrong username or password.',
  },
  login_throttled: {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.',
    en: 'Too many failed sign-ins. Please try again later.',
  },
  password_weak: {
    status: 400,
    vi: 'Mật khẩu chưa đủ mạnh: cần ít nhất 12 ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ biến hoặc dễ đoán.',
    en: 'The password is too weak: it needs at least 12 characters, must not contain the username, and must not be a common or easily guessed password.',
  },
  current_password_wrong: {
    status: 400,
    vi: 'Mật khẩu hiện tại không đúng.',
    en: 'The current password is wrong.',
  },
  token_expiry_invalid: {
    status: 400,
    vi: 'Ngày hết hạn của mã truy cập API phải ở tương lai và không quá thời hạn tối đa cho phép.',
    en: 'An API token’s expiry must be in the future and within the allowed maximum.',
  },
  rate_limited: {
    status: 429,
    vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau.',
    en: 'Too many requests. Please try again later.',
  },
  csrf_failed: {
    status: 403,
    vi: 'Phiên làm việc không hợp lệ (CSRF). Vui lòng tải lại trang.',
    en: 'Invalid session token (CSRF). Please reload the page.',
  },
  forbidden: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  },
  not_found: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  // R-PUB-2: a role that sees personal data masked neither downloads what cannot be masked nor
  // filters by a masked value (a filter that confirms a guessed number unmasks it).
  attachment_masked: {
    status: 403,
    vi: 'Tệp này chứa thông tin cá nhân được che với vai trò của bạn nên không thể tải xuống.',
    en: 'This file holds personal data masked for your role, so it cannot be downloaded.',
  },
  masked_filter: {
    status: 403,
    vi: 'Vai trò của bạn không được lọc hoặc tìm theo thông tin cá nhân được che.',
    en: 'Your role may not filter or search by personal data that is masked for it.',
  },
  ticket_not_found: { status: 404, vi: 'Không tìm thấy phiếu.', en: 'Ticket not found.' },
  invalid_transition: {
    status: 409,
    vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của phiếu.',
    en: 'This action is not possible in the ticket’s current state.',
  },
  supplement_already_requested: {
    status: 409,
    vi: 'Phiếu đã được yêu cầu bổ sung một lần; chỉ được yêu cầu bổ sung một lần.',
    en: 'A supplement was already requested once for this ticket; it may be requested only once.',
  },
  version_conflict: {
    status: 409,
    vi: 'Phiếu vừa được người khác cập nhật. Vui lòng tải lại.',
    en: 'The ticket was just updated by someone else. Please reload.',
  },
  conflict: { status: 409, vi: 'Dữ liệu bị trùng.', en: 'Duplicate data.' },
  // Issue #14 item 1: the first run can never run again once an administrator exists.
  setup_done: {
    status: 409,
    vi: 'Hệ thống đã được cài đặt: đã có quản trị viên. Không thể chạy lại bước cài đặt ban đầu.',
    en: 'The system is already set up: an administrator exists. The first-run setup cannot run again.',
  },
  setup_tenant_exists: {
    status: 409,
    vi: 'Đã có đơn vị triển khai với mã này nhưng chưa có quản trị viên; hãy dùng mã khác.',
    en: 'A deployment with this code exists without an administrator; use another code.',
  },
  call_not_found: { status: 404, vi: 'Không tìm thấy cuộc gọi.', en: 'Call not found.' },
  recording_not_found: {
    status: 404,
    vi: 'Cuộc gọi này không có bản ghi âm.',
    en: 'This call has no recording.',
  },
  call_already_bound: {
    status: 409,
    vi: 'Cuộc gọi đã được gắn với một phiếu khác.',
    en: 'The call is already linked to another ticket.',
  },
  call_not_live: {
    status: 409,
    vi: 'Cuộc gọi không còn diễn ra (đã kết thúc hoặc không có trên tổng đài).',
    en: 'The call is not in progress (it ended or no telephony node holds it).',
  },
  transfer_bad_number: {
    status: 422,
    vi: 'Số điện thoại chuyển tiếp không hợp lệ (chỉ gồm chữ số, có thể bắt đầu bằng +).',
    en: 'The transfer number is not valid (digits only, optionally after +).',
  },
  transfer_not_your_call: {
    status: 403,
    vi: 'Chỉ tổng đài viên đang nghe cuộc gọi (hoặc giám sát viên) mới chuyển được cuộc gọi.',
    en: 'Only the operator on the call (or a supervisor) may transfer it.',
  },
  transfer_unavailable: {
    status: 409,
    vi: 'Không thể chuyển cuộc gọi lúc này (chưa nối với tổng đài viên hoặc đang chuyển).',
    en: 'The call cannot be transferred now (not with an operator, or a transfer is in progress).',
  },
  no_transfer_pending: {
    status: 409,
    vi: 'Cuộc gọi không có chuyển tiếp có tham vấn nào đang chờ.',
    en: 'The call has no attended transfer waiting.',
  },
  secrets_key_missing: {
    status: 503,
    vi: 'Máy chủ chưa có khóa bảo vệ bí mật (biến môi trường SECRETS_KEY), nên chưa thể lưu mật khẩu. Quản trị hệ thống cần đặt khóa này.',
    en: 'The server has no key to protect secrets (the SECRETS_KEY environment variable), so the password cannot be saved. The system administrator must set it.',
  },
  trunk_secret_unreadable: {
    status: 503,
    vi: 'Không đọc được mật khẩu trung kế SIP đã lưu (khóa SECRETS_KEY thiếu hoặc đã đổi). Vui lòng nhập lại mật khẩu trung kế.',
    en: 'The stored SIP trunk password cannot be read (SECRETS_KEY is missing or changed). Please enter the trunk password again.',
  },
  no_trunk: {
    status: 409,
    vi: 'Chưa cấu hình trung kế SIP để gọi ra ngoài.',
    en: 'No SIP trunk is configured for outbound calls.',
  },
  agent_busy: {
    status: 409,
    vi: 'Bạn đang có cuộc gọi; hãy kết thúc cuộc gọi trước khi đổi trạng thái.',
    en: 'You are on a call; end it before changing your state.',
  },
  ivr_flow_not_found: {
    status: 404,
    vi: 'Không tìm thấy kịch bản tổng đài tự động (IVR).',
    en: 'IVR flow not found.',
  },
  ivr_flow_invalid: {
    status: 422,
    vi: 'Kịch bản IVR có lỗi; xem chi tiết tại từng nút.',
    en: 'The IVR flow has errors; see the details at each node.',
  },
  ivr_version_conflict: {
    status: 409,
    vi: 'Kịch bản IVR vừa được người khác sửa. Vui lòng tải lại.',
    en: 'The IVR flow was just changed by someone else. Please reload.',
  },
  ivr_number_taken: {
    status: 409,
    vi: 'Số gọi đến này đã được gán cho một kịch bản IVR khác.',
    en: 'This called number is already assigned to another IVR flow.',
  },
  ivr_render_failed: {
    status: 422,
    vi: 'Không tạo được lời nhắc bằng giọng đọc tự động; kịch bản chưa được lưu.',
    en: 'A prompt could not be rendered by text-to-speech; the flow was not saved.',
  },
  ivr_prompt_unknown: {
    status: 404,
    vi: 'Kịch bản IVR không có lời nhắc này.',
    en: 'The IVR flow has no such prompt.',
  },
  ivr_prompt_not_audio: {
    status: 415,
    vi: 'Tệp tải lên không phải là âm thanh đọc được (hãy dùng WAV, MP3, OGG hoặc FLAC).',
    en: 'The uploaded file is not readable audio (use WAV, MP3, OGG or FLAC).',
  },
  ivr_prompt_too_long: {
    status: 422,
    vi: 'Lời nhắc ghi âm dài quá 5 phút.',
    en: 'The recorded prompt is longer than 5 minutes.',
  },
  agency_not_found: {
    status: 422,
    vi: 'Cơ quan, đơn vị không tồn tại hoặc đã ngừng hoạt động.',
    en: 'The agency does not exist or is inactive.',
  },
  field_not_found: {
    status: 422,
    vi: 'Lĩnh vực không tồn tại.',
    en: 'The field does not exist.',
  },
  promised_date_invalid: {
    status: 422,
    vi: 'Ngày hẹn hoàn thành phải sau ngày hôm nay.',
    en: 'The promised completion date must be after today.',
  },
  kb_article_not_found: {
    status: 404,
    vi: 'Không tìm thấy bài viết trong cơ sở dữ liệu tri thức.',
    en: 'Knowledge-base article not found.',
  },
  kb_invalid_state: {
    status: 409,
    vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của bài viết.',
    en: 'This action is not possible in the article’s current state.',
  },
  kb_version_conflict: {
    status: 409,
    vi: 'Bài viết vừa được người khác cập nhật. Vui lòng tải lại.',
    en: 'The article was just updated by someone else. Please reload.',
  },
  kb_code_taken: {
    status: 409,
    vi: 'Mã thủ tục, bài viết này đã được dùng cho một bài viết khác.',
    en: 'This code is already used by another article.',
  },
  kb_import_invalid: {
    status: 422,
    vi: 'Tệp nhập có dòng không hợp lệ; chưa có bài viết nào được lưu.',
    en: 'The import file has invalid rows; nothing was stored.',
  },
  abuse_blocked: {
    status: 403,
    vi: 'Người gửi đã bị chặn do vi phạm quy định sử dụng tổng đài.',
    en: 'The sender is blocked for misuse of the hotline.',
  },
  challenge_invalid: {
    status: 400,
    vi: 'Mã xác minh chống gửi tự động không hợp lệ. Vui lòng tải lại biểu mẫu.',
    en: 'The anti-automation check is not valid. Please reload the form.',
  },
  challenge_expired: {
    status: 400,
    vi: 'Mã xác minh chống gửi tự động đã hết hạn. Vui lòng gửi lại.',
    en: 'The anti-automation check has expired. Please submit again.',
  },
  challenge_used: {
    status: 409,
    vi: 'Mã xác minh chống gửi tự động đã được dùng. Vui lòng gửi lại.',
    en: 'The anti-automation check was already used. Please submit again.',
  },
  chat_not_found: {
    status: 404,
    vi: 'Không tìm thấy cuộc trò chuyện.',
    en: 'Chat conversation not found.',
  },
  chat_closed: {
    status: 409,
    vi: 'Cuộc trò chuyện đã kết thúc. Vui lòng bắt đầu cuộc trò chuyện mới.',
    en: 'This conversation has ended. Please start a new one.',
  },
  chat_taken: {
    status: 409,
    vi: 'Cuộc trò chuyện đã được tổng đài viên khác tiếp nhận.',
    en: 'Another operator has already taken this conversation.',
  },
  chat_invalid_state: {
    status: 409,
    vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của cuộc trò chuyện.',
    en: 'This action is not possible in the conversation’s current state.',
  },
  chat_message_too_long: {
    status: 413,
    vi: 'Tin nhắn quá dài (tối đa 2 000 ký tự). Vui lòng chia thành nhiều tin.',
    en: 'The message is too long (at most 2,000 characters). Please split it.',
  },
  chat_message_empty: {
    status: 400,
    vi: 'Tin nhắn không được để trống.',
    en: 'The message must not be empty.',
  },
  payload_too_large: {
    status: 413,
    vi: 'Tệp đính kèm quá lớn.',
    en: 'The attachment is too large.',
  },
  unsupported_media_type: {
    status: 415,
    vi: 'Loại tệp không được chấp nhận.',
    en: 'This file type is not accepted.',
  },
  image_too_large: {
    status: 422,
    vi: 'Ảnh có kích thước quá lớn (tối đa 30 000 điểm ảnh mỗi chiều và 200 triệu điểm ảnh).',
    en: 'The image is too large (at most 30,000 pixels a side and 200 million pixels).',
  },
  upload_one_file: {
    status: 400,
    vi: 'Mỗi lần chỉ tải lên một tệp. Hãy gửi từng tệp riêng.',
    en: 'Upload one file per request. Send each file separately.',
  },
  publication_not_allowed: {
    status: 409,
    vi: 'Phiếu này không được công khai: chưa được trả lời, người dân đề nghị giữ bí mật hoặc không đồng ý công khai.',
    en: 'This ticket may not be published: it is not answered, or the citizen asked for confidentiality or did not consent.',
  },
  publication_personal_data: {
    status: 422,
    vi: 'Nội dung công khai còn thông tin cá nhân của người dân (họ tên, số điện thoại, email, địa chỉ). Vui lòng ẩn trước khi công khai.',
    en: 'The text to publish still holds the citizen’s personal data (name, phone, email, address). Hide it before publishing.',
  },
  still_referenced: {
    status: 409,
    vi: 'Không thể xoá hoặc thay đổi vì dữ liệu khác còn tham chiếu đến bản ghi này.',
    en: 'This record is still referenced by other records.',
  },
  uri_too_long: { status: 414, vi: 'Địa chỉ yêu cầu quá dài.', en: 'The request URL is too long.' },
  malformed_multipart: {
    status: 400,
    vi: 'Tệp gửi lên không đúng định dạng (multipart/form-data hỏng hoặc bị cắt ngang).',
    en: 'The upload is not well-formed multipart/form-data (broken or cut short).',
  },
  service_unavailable: {
    status: 503,
    vi: 'Hệ thống đang khởi động hoặc bảo trì.',
    en: 'The system is starting or under maintenance.',
  },
  internal: {
    status: 500,
    vi: 'Đã có lỗi hệ thống. Vui lòng thử lại.',
    en: 'Something went wrong. Please try again.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A failure the caller can understand and act on; carries a stable code. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERRORS[code].en);
    this.name = 'AppError';
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
}
