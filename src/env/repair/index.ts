import { buildBackendPin } from './build-backend-pin.js';
import { installDownload } from './install-download.js';
import { lockedPins } from './locked-pins.js';
import { missingModule } from './missing-module.js';
import { pretendVersionBound } from './pretend-version-bound.js';
import { pytestCompat } from './pytest-compat.js';
import { pytestPlugin } from './pytest-plugin.js';
import type { RepairRule } from './rule.js';
import { testExtras } from './test-extras.js';
import { unavailablePin } from './unavailable-pin.js';
import { vcsVersion } from './vcs-version.js';
import { versionPlugin } from './version-plugin.js';

export type { CheckoutFiles, EnvPhase, Failure, FailureMatch, RepairRule } from './rule.js';

/**
 * The repair rules, tried in this order on a failed attempt; the first whose signature matches and
 * whose edit changes the spec is applied. Add a rule: one file here exporting a `RepairRule`, an entry
 * in this map, and a test on a fixture repository that fails without it and passes with it.
 */
export const repairRules = {
  'vcs-version': vcsVersion,
  'pretend-version-bound': pretendVersionBound,
  'version-plugin': versionPlugin,
  'build-backend-pin': buildBackendPin,
  'locked-pins': lockedPins,
  'unavailable-pin': unavailablePin,
  'install-download': installDownload,
  'pytest-plugin': pytestPlugin,
  'test-extras': testExtras,
  'missing-module': missingModule,
  'pytest-compat': pytestCompat,
} satisfies Record<string, RepairRule>;

export type RepairRuleName = keyof typeof repairRules;

/** The named rules, in map order. */
export function pickRules(names: readonly RepairRuleName[]): Partial<Record<RepairRuleName, RepairRule>> {
  return Object.fromEntries(
    Object.entries(repairRules).filter(([name]) => names.includes(name as RepairRuleName)),
  );
}
