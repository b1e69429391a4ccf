// A mistake in how exhunt was called: reported in one line with exit code 2, never with a stack trace.
export class UsageError extends Error {}
