// A row's result is a list of checks: `{ name, ok, detail? }`.

/** Turns a conformance run's output (one `ok`/`FAIL` line per scenario) into checks. */
export function conformanceChecks({ code, stdout, stderr, timedOut }, prefix = '') {
  const checks = []
  for (const line of stdout.split('\n')) {
    if (line.startsWith('ok   ')) checks.push({ name: prefix + line.slice(5), ok: true })
    else if (line.startsWith('FAIL ')) checks.push({ name: prefix + line.slice(5), ok: false })
  }
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(stdout)
  const complete = summary && Number(summary[1]) + Number(summary[2]) === checks.length && checks.length > 0
  if (!complete || code !== 0) {
    const failedScenario = checks.some((check) => !check.ok)
    if (!failedScenario) checks.push({ name: `${prefix}conformance run`, ok: false, detail: `exit ${code}${timedOut ? ' (timed out)' : ''}: ${stderr || stdout}`.slice(0, 2000) })
  }
  return checks
}

/** One check for a program that must exit 0 and print every string of `expected`. */
export function programCheck(name, { code, stdout, stderr, timedOut }, expected) {
  const missing = expected.filter((text) => !stdout.includes(text))
  const ok = code === 0 && missing.length === 0
  const detail = ok ? undefined : `exit ${code}${timedOut ? ' (timed out)' : ''}; missing ${JSON.stringify(missing)}\n${stdout}\n${stderr}`.slice(0, 2000)
  return { name, ok, detail }
}

/** Runs `body` and turns a throw into one failed check, so one broken step never hides the table. */
export async function guard(name, body) {
  try {
    return await body()
  } catch (error) {
    return [{ name, ok: false, detail: String(error?.stack ?? error) }]
  }
}

/** Runs one named check: passes unless `body` throws, whose message becomes the detail. */
export async function check(name, body) {
  try {
    await body()
    return { name, ok: true }
  } catch (error) {
    return { name, ok: false, detail: String(error?.message ?? error) }
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message)
}
