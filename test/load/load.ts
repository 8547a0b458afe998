/** Load suites run in `npm test` and CI; `SKIP_LOAD_TESTS=1` skips them for a quicker local run. */
export const skipLoad = Boolean(process.env.SKIP_LOAD_TESTS)

/** Answers of `events` chunks of `chunkSize` characters, each text made from its question, so that streams can't be mixed up unnoticed. */
export function answerText(question: string, events: number, chunkSize: number): string {
  const text = `${question}|`.repeat(Math.ceil((events * chunkSize) / (question.length + 1)))
  return text.slice(0, events * chunkSize)
}
