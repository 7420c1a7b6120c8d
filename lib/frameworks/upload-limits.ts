/**
 * The one size limit of a framework upload, stated on the page, checked in
 * the browser before anything is sent, checked again by the server action,
 * and behind `serverActions.bodySizeLimit` in next.config.mjs (which reads the
 * same JSON, since the config is plain JavaScript and cannot import this file).
 *
 * The action receives the file as text inside a serialised request body, where
 * quotes, backslashes and newlines are escaped: a file of N bytes can take up
 * to 2N bytes on the wire. The body limit is therefore twice the file limit plus
 * room for the other fields, so that a file under the stated limit is never
 * refused by the framework with a 500 before the action can answer.
 */
import limits from './upload-limits.json';

export const MAX_FRAMEWORK_FILE_BYTES: number = limits.maxFileBytes;
export const SERVER_ACTION_BODY_BYTES: number = limits.serverActionBodyBytes;

/** "2 MB", as the page states it. */
export const MAX_FRAMEWORK_FILE_LABEL = `${Math.round(MAX_FRAMEWORK_FILE_BYTES / (1024 * 1024))} MB`;

/** UTF-8 size of a text, the way the file's size was counted (file.size) and the body will be. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The message every layer shows for a file over the limit. */
export function tooLargeMessage(bytes: number): string {
  // Rounded up, so that a file just over the limit never reads as "2.0 MB; the limit is 2 MB".
  const megabytes = (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1);
  return `The file is ${megabytes} MB, over the ${MAX_FRAMEWORK_FILE_LABEL} limit. Split it or shorten long descriptions, and try again.`;
}
