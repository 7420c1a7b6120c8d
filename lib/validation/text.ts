/**
 * PostgreSQL text cannot hold U+0000: a NUL byte that reaches the database
 * fails the whole statement ("invalid byte sequence for encoding UTF8: 0x00"),
 * a 500 instead of a message. Every schema of text that is stored refuses it:
 *
 *   z.string().trim().max(100).regex(NO_NUL, NO_NUL_MESSAGE)
 */
export const NO_NUL = /^[^\u0000]*$/;
export const NO_NUL_MESSAGE = 'Remove the invisible NUL character from this text.';
