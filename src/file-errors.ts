// File system failures as staff read them: what went wrong and with which path, never a stack trace.

const PERMISSION = new Set(["EACCES", "EPERM", "EROFS"]);

function errnoOf(error: unknown): NodeJS.ErrnoException | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (
      typeof (current as NodeJS.ErrnoException).code === "string" &&
      (current as NodeJS.ErrnoException).syscall
    ) {
      return current as NodeJS.ErrnoException;
    }
    current = current.cause;
  }
  return null;
}

/** One line for a file system failure; null when the error is not one. */
export function fileProblem(error: unknown): string | null {
  const errno = errnoOf(error);
  return errno ? describeFileError(errno, errno.path ?? "") : null;
}

/** One line for a failed read or write of `target` (a file or DATA_DIR). */
export function describeFileError(error: unknown, target: string): string {
  const errno = errnoOf(error);
  const where = errno?.path ?? target;
  if (errno && PERMISSION.has(errno.code ?? "")) {
    return `${where} に書き込めないか読み込めません（権限がありません）。場所と所有者を確かめてください (permission denied: ${where})`;
  }
  if (errno?.code === "ENOENT") return `${where} が見つかりません (not found: ${where})`;
  if (errno?.code === "EISDIR")
    return `${where} はフォルダです。ファイルを指定してください (is a directory: ${where})`;
  if (errno?.code === "ENOSPC") return `ディスクの空きがありません (no space left on device: ${where})`;
  return error instanceof Error ? error.message : String(error);
}
