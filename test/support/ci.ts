/** CI=true (or any value but "", "false", "0"): a suite that cannot run must fail rather than skip. */
export function runsUnderCi(env: Record<string, string | undefined>): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
}
