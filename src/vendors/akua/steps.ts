import { shareData } from '../../core/data.js'
import type { StepDefinition } from './machine.js'
import { system, type Starter } from './starter.js'
import { STARTERS } from './starters/index.js'

/** A starter's steps as its operation walks them. */
const stepsOf = (s: Starter<unknown>): StepDefinition[] =>
  s.steps.map((step) => (typeof step === 'string' ? system(step) : step))

/**
 * The steps each type of operation walks through, in order (`cluster.create`, ...): shared data
 * (see shareData), one list a type, which a memoised step then compares by identity.
 */
export const STEPS: Record<string, StepDefinition[]> = Object.fromEntries(
  Object.values(STARTERS).map((s) => [s.type, shareData(stepsOf(s)) as StepDefinition[]]),
)
