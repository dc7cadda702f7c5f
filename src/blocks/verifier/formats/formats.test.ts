import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../../schema/trajectory.js';
import { patchWith, sketchTrajectory } from '../../eval/tts/test-trajectories.js';
import { loadVerifierPrompt, verifierFormat, verifierFormats, verifierMessages } from './index.js';

/** A long observation: LegoFactory's format clips it at 600 characters, SWE-Lego's keeps it whole. */
const listing = `${'a'.repeat(325)}${'b'.repeat(325)}`;

function smallTrajectory(): Trajectory {
  return {
    ...sketchTrajectory({
      instance_id: 'acme__calc-1',
      sample: 0,
      patch: patchWith('return a + b'),
      resolved: true,
    }),
    messages: [
      { role: 'system', content: 'You are a careful engineer.' },
      { role: 'user', content: '<issue>\nadd(2, 2) returns 0.\n</issue>' },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'execute_bash', arguments: '{"command":"cat calc.py"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', name: 'execute_bash', content: listing },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c2', type: 'function', function: { name: 'finish', arguments: '{"message":"done"}' } },
        ],
      },
    ],
  };
}

/** The final patch, as both formats show it (without its last newline). */
const patch = patchWith('return a + b').trimEnd();
const textFormat = { textFunctions: '', functionList: 'legofactory', crlf: 'keep' } as const;
const promptOf = (format: 'legofactory' | 'swe-lego') => loadVerifierPrompt({ format, textFormat });

describe('verifier formats', () => {
  it('legofactory: one user message with the issue, condensed steps and the patch; a bare YES or NO', () => {
    const messages = verifierMessages('legofactory', smallTrajectory(), promptOf('legofactory'));
    expect(messages).toEqual([
      {
        role: 'user',
        content: `You are reviewing the work of a software engineering agent. Decide whether its final patch resolves the issue below, so that the repository's hidden tests for the issue would pass.

## Issue

<issue>
add(2, 2) returns 0.
</issue>

## What the agent did

### Step 1
Let me look.
execute_bash({"command":"cat calc.py"})
--- observation ---
${'a'.repeat(300)}
[... 50 characters left out ...]
${'b'.repeat(300)}

### Step 2
finish({"message":"done"})

## Final patch

\`\`\`diff
${patch}
\`\`\`

Does the final patch resolve the issue? Answer with one word: YES or NO.`,
      },
    ]);
    expect([verifierFormats.legofactory.answer(true), verifierFormats.legofactory.answer(false)]).toEqual([
      'YES',
      'NO',
    ]);
  });

  it('swe-lego: its own system message, every message whole in role-tagged blocks, the patch in a marked block', () => {
    const prompt = promptOf('swe-lego');
    const messages = verifierMessages('swe-lego', smallTrajectory(), prompt);
    expect(messages).toEqual([
      { role: 'system', content: prompt.system },
      {
        role: 'user',
        content: `Judge the following interaction between a software engineering agent and its environment.

=== INTERACTION LOG ===

[SYSTEM]
You are a careful engineer.
[/SYSTEM]

[USER]
<issue>
add(2, 2) returns 0.
</issue>
[/USER]

[ASSISTANT]
Let me look.
<function=execute_bash>
<parameter=command>cat calc.py</parameter>
</function>
[/ASSISTANT]

[USER]
EXECUTION RESULT of [execute_bash]:
${listing}
[/USER]

[ASSISTANT]
<function=finish>
<parameter=message>done</parameter>
</function>
[/ASSISTANT]

=== END INTERACTION ===

=== FINAL PATCH ===

[PATCH]
${patchWith('return a + b')}
[/PATCH]

=== END FINAL PATCH ===

Did the agent resolve the issue it was given? Answer YES or NO.`,
      },
    ]);
    expect(prompt.system).toMatch(/"<judgement>YES<\/judgement>" or "<judgement>NO<\/judgement>"\.$/);
    const empty = { ...smallTrajectory(), patch: '' };
    expect(verifierMessages('swe-lego', empty, prompt)[1]?.content).toContain(
      '[PATCH]\nNo patch generated\n[/PATCH]',
    );
    expect([verifierFormats['swe-lego'].answer(true), verifierFormats['swe-lego'].answer(false)]).toEqual([
      '<judgement>YES</judgement>',
      '<judgement>NO</judgement>',
    ]);
  });

  it('takes the user’s own system prompt, and refuses an unknown format by name', () => {
    const own = { ...promptOf('legofactory'), system: 'Judge strictly.' };
    expect(verifierMessages('legofactory', smallTrajectory(), own)[0]).toEqual({
      role: 'system',
      content: 'Judge strictly.',
    });
    expect(() => verifierFormat('r2e')).toThrow(
      /unknown verifier format "r2e"; choose one of: legofactory, swe-lego/,
    );
    expect(() =>
      loadVerifierPrompt({ format: 'swe-lego', systemPath: '/nonexistent/system.md', textFormat }),
    ).toThrow(/cannot read the verifier prompt \/nonexistent\/system.md/);
  });
});
