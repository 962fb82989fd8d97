// `npm run reindex FILE --dry-run` (no `--`) hands --dry-run to npm, not to us: npm then sets
// npm_config_dry_run=true in the script's environment. That is how a swallowed flag is seen.

/** The npm_config_* variable npm sets when it swallows `--name`. */
function npmVariable(option: string): string {
  return `npm_config_${option.replace(/-/g, "_")}`;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "false";
}

export interface SwallowedFlags {
  /** npm took --dry-run: still honoured, it can only make the run safer. */
  dryRun: boolean;
  /** Other flags of ours that npm took: refused, the run would not do what was asked. */
  refused: string[];
}

/** Which of `options` npm swallowed, from its environment. */
export function swallowedFlags(
  env: Record<string, string | undefined>,
  options: readonly string[],
): SwallowedFlags {
  const refused = options.filter((option) => option !== "dry-run" && isSet(env[npmVariable(option)]));
  return { dryRun: env.npm_config_dry_run === "true", refused: refused.map((option) => `--${option}`) };
}

/** The hint for a refused flag, in Japanese and English. */
export function swallowedHint(command: string, flags: readonly string[]): string {
  return (
    `${flags.join(" ")} は npm が受け取ったため、このコマンドには届いていません。` +
    `ファイル名の前に -- を付けてください: npm run ${command} -- <file> ${flags.join(" ")}\n` +
    `(npm took ${flags.join(" ")} for itself; put -- before the arguments: npm run ${command} -- … ${flags.join(" ")})\n`
  );
}
