/** One generated token's logprob and its top alternatives, in the OpenAI wire shape. */
export interface ScriptedLogprob {
  token: string;
  logprob: number;
  top_logprobs: { token: string; logprob: number }[];
}

/** A scripted reply as the OpenAI chat API sends it, whole or as server-sent events. */
export interface ReplyBody {
  id: string;
  model: string;
  content: string | null;
  reasoning?: string;
  logprobs?: ScriptedLogprob[];
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number };
}

/** The non-streaming `chat.completion` object. */
export function completionObject(body: ReplyBody): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: body.content };
  if (body.reasoning !== undefined) message.reasoning_content = body.reasoning;
  if (body.toolCalls.length > 0)
    message.tool_calls = body.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  return {
    id: body.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: body.finishReason,
        logprobs: body.logprobs ? { content: body.logprobs, refusal: null } : null,
      },
    ],
    usage: { ...body.usage, total_tokens: body.usage.prompt_tokens + body.usage.completion_tokens },
  };
}

function pieces(text: string, size = 16): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

/** The `chat.completion.chunk` events of a streamed reply, ending with usage (when asked) and [DONE]. */
export function streamEvents(body: ReplyBody, includeUsage: boolean): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra = {}) =>
    JSON.stringify({
      id: body.id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...extra,
    });
  const events = [chunk({ role: 'assistant', content: '' })];
  for (const part of pieces(body.reasoning ?? '')) events.push(chunk({ reasoning_content: part }));
  for (const part of pieces(body.content ?? '')) events.push(chunk({ content: part }));
  body.toolCalls.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    events.push(chunk({ tool_calls: [head] }));
    for (const part of pieces(call.arguments))
      events.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
  });
  events.push(chunk({}, body.finishReason));
  if (includeUsage) {
    const usage = { ...body.usage, total_tokens: body.usage.prompt_tokens + body.usage.completion_tokens };
    events.push(
      JSON.stringify({ id: body.id, object: 'chat.completion.chunk', model: body.model, choices: [], usage }),
    );
  }
  return [...events.map((data) => `data: ${data}\n\n`), 'data: [DONE]\n\n'];
}
