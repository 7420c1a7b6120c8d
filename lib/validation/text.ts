/**
 * Text a statement can carry without failing: PostgreSQL text cannot hold U+0000 ("invalid byte sequence for
 * encoding UTF8: 0x00"), and a lone UTF-16 surrogate (half of an emoji, only ever sent by a hostile or broken
 * client) fails wherever the text travels as JSON ("Unicode low surrogate must follow a high surrogate": the
 * autosave batch, jsonb columns such as audit details). Either would be a 500 instead of a message. Every schema
 * of text that is stored refuses both:
 *
 *   z.string().trim().max(100).regex(NO_NUL, NO_NUL_MESSAGE)
 *
 * Without the `u` flag the pattern sees UTF-16 code units: a surrogate is accepted only as a well-formed pair. The
 * `+` takes a whole run of other characters per step, so a long text does not grow the regex engine's backtracking
 * stack (a 1 M-emoji text: 4 ms; the `u`-flag class overflowed it at 10 M characters).
 */
export const NO_NUL = /^(?:[^\u0000\uD800-\uDFFF]+|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
export const NO_NUL_MESSAGE = 'Remove the invisible or broken characters from this text (a NUL byte or half an emoji).';
