// Camera guidance and liveness prompts as they cross the contract. The face engine owns the codes and their
// Vietnamese / English text (electron/face/guidance.ts, plain data with no Node imports); the contract
// re-exports them so the renderer shows exactly what the engine means.
export { CHALLENGE, GUIDANCE, GUIDANCE_PRIORITY } from '../face/guidance.ts';
export type { ChallengeStep, GuidanceCode, Message } from '../face/guidance.ts';
