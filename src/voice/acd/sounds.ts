/**
 * What callers hear from the ACD and transfers besides the IVR's prompts: hold music, the beep,
 * ringback, their place in the queue and the overflow and transfer messages, in Vietnamese.
 */
import type { Prompt } from '../media/engine.ts';
import { BEEP, HOLD_MUSIC, RINGBACK, type PromptLibrary } from '../ivr/prompts.ts';

export interface QueueSounds {
  hold: Prompt;
  beep: Prompt;
  /** "You are number N in the queue." */
  position(n: number): Promise<Prompt>;
  voicemail: Prompt;
  callback: Prompt;
  /** "Your call is being transferred, please hold." */
  transferring: Prompt;
  /** The ringback tone the caller hears while an agency's phone rings. */
  ringback: Prompt;
  /** "The agency could not be reached; you will be put through to an operator." */
  transferFailed: Prompt;
}

/** Renders every queue sound (sox, espeak-ng), or takes them from the library's cache. */
export async function renderQueueSounds(p: PromptLibrary): Promise<QueueSounds> {
  const [hold, beep, voicemail, callback, transferring, ringback, transferFailed] =
    await Promise.all([
      p.sound('hold', HOLD_MUSIC),
      p.sound('beep', BEEP),
      p.render(VOICEMAIL_TEXT, 'vi'),
      p.render(CALLBACK_TEXT, 'vi'),
      p.render(TRANSFERRING_TEXT, 'vi'),
      p.sound('ringback', RINGBACK),
      p.render(TRANSFER_FAILED_TEXT, 'vi'),
    ]);
  return {
    hold,
    beep,
    voicemail,
    callback,
    transferring,
    ringback,
    transferFailed,
    position: (n: number) => p.render(positionText(n), 'vi'),
  };
}

export const VOICEMAIL_TEXT =
  'Hiện tất cả tổng đài viên đều đang bận. Xin vui lòng để lại lời nhắn và số điện thoại sau tiếng bíp, tổng đài viên sẽ liên hệ lại với bạn.';
export const CALLBACK_TEXT =
  'Hiện tất cả tổng đài viên đều đang bận. Tổng đài sẽ gọi lại cho bạn theo số điện thoại này trong thời gian sớm nhất. Xin cảm ơn.';
export const TRANSFERRING_TEXT =
  'Cuộc gọi của bạn đang được chuyển tới cơ quan chức năng. Xin vui lòng giữ máy.';
export const TRANSFER_FAILED_TEXT =
  'Rất tiếc, hiện chưa liên lạc được với cơ quan chức năng. Xin vui lòng giữ máy để gặp tổng đài viên.';
export function positionText(n: number): string {
  return n <= 1
    ? 'Bạn là người tiếp theo được phục vụ. Xin vui lòng giữ máy.'
    : `Bạn đang ở vị trí số ${n} trong hàng đợi. Xin vui lòng giữ máy.`;
}
