/** Limits the forms and the server share (no server imports: client components read them). */

/** The longest endorsement comment (also a check constraint on the table). */
export const ENDORSEMENT_COMMENT_MAX = 500;
