/**
 * The JSON-RPC message a POST was answered with, whether the body is that JSON message or an SSE stream carrying it
 * (the first `data: {…}` line; priming events carry no message).
 */
export function answerMessage(text: string): any {
  const json = text.trimStart().startsWith('{') ? text : text.split('\n').find((line) => line.startsWith('data: {'))?.slice(6);
  if (json === undefined) throw new Error(`No JSON-RPC message in the answer:\n${text}`);
  return JSON.parse(json);
}
