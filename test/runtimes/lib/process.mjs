import { spawn } from 'node:child_process'

/**
 * Runs a command to its end (or kills it after `timeoutMs`) and resolves
 * `{ code, stdout, stderr, timedOut }`. Never rejects: a command that cannot start has code -1.
 */
export function runProcess(command, args, { cwd, env = process.env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}`, timedOut })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr, timedOut })
    })
  })
}

/**
 * Starts a long-running command and resolves once `ready` matches its output (at once without
 * `ready`) with `{ match, stop, output }`; `stop()` ends it.
 */
export function startProcess(command, args, { cwd, env = process.env, ready, timeoutMs = 30_000 }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const stopped = new Promise((resolve) => child.on('close', resolve))
  const stop = () => {
    child.kill('SIGTERM')
    return stopped
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`${command} was not ready within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk) => {
      output += chunk
      const match = ready?.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolve({ match, stop, output: () => output })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    if (!ready) {
      clearTimeout(timer)
      resolve({ match: undefined, stop, output: () => output })
    }
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`))
    })
  })
}
