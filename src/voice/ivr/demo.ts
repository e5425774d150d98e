import type { IvrFlowInput } from './flow.ts';

/**
 * The menu a new installation answers with, so a call works before anyone has set anything
 * up: greeting, working-hours branch, four keypad choices, closing message.
 */
export const DEMO_FLOW: IvrFlowInput = {
  name: 'Tổng đài 1022 (mẫu)',
  voice: 'vi',
  start: 'greeting',
  nodes: {
    greeting: {
      type: 'message',
      prompt:
        'Xin chào, bạn đã gọi đến Tổng đài 1022, tổng đài tiếp nhận phản ánh, kiến nghị của người dân và doanh nghiệp.',
      next: 'hours',
    },
    hours: { type: 'hours', open: 'main', closed: 'closed' },
    main: {
      type: 'menu',
      prompt:
        'Để phản ánh, kiến nghị, bấm phím 1. Để tra cứu kết quả xử lý phản ánh, bấm phím 2. Để nghe hướng dẫn thủ tục hành chính, bấm phím 3. Để gặp tổng đài viên, bấm phím 0.',
      options: { '1': 'report', '2': 'status', '3': 'procedures', '0': 'operator' },
      timeoutSeconds: 6,
      maxAttempts: 3,
      invalidPrompt: 'Phím bạn bấm không đúng.',
      timeoutPrompt: 'Bạn chưa bấm phím nào.',
      onFail: 'operator',
    },
    report: {
      type: 'queue',
      queue: 'tiep-nhan',
      prompt:
        'Cuộc gọi của bạn đang được chuyển đến tổng đài viên tiếp nhận phản ánh. Cuộc gọi được ghi âm.',
    },
    status: {
      type: 'status',
      prompt:
        'Vui lòng nhập mã số phản ánh gồm năm và số thứ tự, rồi bấm phím thăng. Phản ánh gửi trong năm nay chỉ cần nhập số thứ tự.',
      next: 'main',
      onFail: 'status-operator',
    },
    'status-operator': {
      type: 'queue',
      queue: 'tra-cuu',
      prompt:
        'Vui lòng chuẩn bị mã số phản ánh. Cuộc gọi của bạn đang được chuyển đến tổng đài viên.',
    },
    procedures: {
      type: 'message',
      prompt:
        'Hướng dẫn thủ tục hành chính được đăng trên Cổng dịch vụ công của tỉnh. Tổng đài viên sẽ hướng dẫn thêm nếu bạn cần.',
      next: 'main',
    },
    operator: {
      type: 'queue',
      queue: 'tiep-nhan',
      prompt: 'Cuộc gọi của bạn đang được chuyển đến tổng đài viên. Cuộc gọi được ghi âm.',
    },
    closed: {
      type: 'hangup',
      prompt:
        'Tổng đài 1022 làm việc trong giờ hành chính từ thứ Hai đến thứ Sáu. Bạn có thể gửi phản ánh qua cổng thông tin của tỉnh. Xin cảm ơn, hẹn gặp lại.',
    },
  },
};
