import { describeFunctions } from '../../agent/fncall-text.js';
import type { AgentFormat } from '../../agent/formats.js';
import { toolSchemas } from '../../agent/tools/index.js';
import { tail } from '../construct-log.js';
import type { Failure } from '../repair/rule.js';
import { SPEC_FILE } from './spec-file.js';

const system = `You are a build engineer. A repository's test environment failed to build or its tests failed to run, and no automatic repair recognised the failure. Make the environment work: find the install steps and the test command this repository needs.

You work in a sandbox holding a fresh checkout of the repository, through a persistent bash shell, a file editor, a scratchpad for thinking, and \`finish\`. The network is on here, so you may install packages to try things; the final test run has no network.

Your answer is the file ${SPEC_FILE} in the repository root. It holds:
- install: shell commands run at build time, in a separate dependency directory where the manifest files are copied (not the repository root); the network is on for them.
- test_cmd: the test command, run in the repository root with no network. Keep its placeholders: {tests} (the test files to run) and {junit} (where the runner writes its JUnit XML report).
- env: variables set for every test run; {repo} expands to the repository root.

Rules:
- Do not edit the repository's source or test files: only ${SPEC_FILE}.
- Run one command at a time and read its result before you decide the next step.
- Call \`finish\` once ${SPEC_FILE} holds a spec whose tests run and pass.`;

const functions = `You can call the following functions.

{{functions}}

To call a function, end your reply with the call, written exactly like this and followed by nothing:

<function=FUNCTION_NAME>
<parameter=PARAMETER_NAME>value</parameter>
</function>

Make exactly one call per reply.`;

/** The system prompt, first message and continue message of a setup agent run for `failure`. */
export function setupPrompts(
  format: AgentFormat,
  failure: Failure,
  repoPath: string,
): { system: string; instance: string; continue: string } {
  const list = functions.replace('{{functions}}', describeFunctions(toolSchemas()));
  const phase = failure.phase === 'build' ? 'The install failed' : 'The tests did not pass';
  const instance = [
    `The repository is at ${repoPath}. ${phase}; this is the end of its log:`,
    '```',
    tail(failure.log),
    '```',
    `The spec that failed is in ${repoPath}/${SPEC_FILE} (language ${failure.spec.language}, report parser ${failure.spec.log_parser}). Edit it so the tests run and pass, then call \`finish\`.`,
  ].join('\n');
  return {
    system: format.systemPrompt(system, list),
    instance,
    continue: `Continue with the tools. When ${SPEC_FILE} holds a working spec, call \`finish\`.`,
  };
}
