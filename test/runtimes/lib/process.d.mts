export interface ProcessRun {
  /** The exit code, or -1 when the process was killed by a signal or could not start. */
  code: number
  stdout: string
  stderr: string
  timedOut: boolean
}
/** Runs a command to its end (or kills it after `timeoutMs`); never rejects. */
export function runProcess(command: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ProcessRun>
