// Property tests in `npm test` draw from one fixed seed so CI is repeatable: a failure found once is found every
// run, never as a flake on someone else's change. Exploration with fresh randomness is `npm run fuzz`, or set
// FC_SEED=random (or a number, to replay) here.
import fc from 'fast-check';

const env = process.env.FC_SEED;
const seed = env === 'random' ? undefined : env !== undefined && env !== '' ? Number(env) : 0x5eed;
if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${env}`);
if (seed !== undefined) fc.configureGlobal({ seed });
