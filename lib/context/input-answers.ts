/** Whether a client's answer has the shape of a result of `method`, so it can be handed to the handler. */
export function isValidAnswer(method: string, answer: unknown): answer is Record<string, unknown> {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return false;
  const record = answer as Record<string, unknown>;
  switch (method) {
    case 'elicitation/create':
      return (
        record.action === 'decline' ||
        record.action === 'cancel' ||
        (record.action === 'accept' && (record.content === undefined || (typeof record.content === 'object' && record.content !== null)))
      );
    case 'sampling/createMessage':
      return (record.role === 'assistant' || record.role === 'user') && typeof record.content === 'object' && record.content !== null;
    case 'roots/list':
      return Array.isArray(record.roots);
    default:
      return true;
  }
}
