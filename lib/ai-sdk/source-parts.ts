import type { Citation } from '../types'
import { claimPartId } from './part-ids'
import type { UIMessageStreamPart } from './types'

/** A citation with a URL is a link; one without (a custom answer, say) is a document named by its title. */
function toSourcePart({ record, hitUrl }: Citation, sourceId: string): UIMessageStreamPart {
  const url = record.url ?? hitUrl
  if (url) return record.title ? { type: 'source-url', sourceId, url, title: record.title } : { type: 'source-url', sourceId, url }
  return { type: 'source-document', sourceId, mediaType: 'text/plain', title: record.title || record.type }
}

/** Appends the sources of one event's citations to `parts`. */
export type SourcePartWriter = (parts: UIMessageStreamPart[], citations: readonly Citation[]) => void

/** Returns the source writer of one answer, which numbers its sources across all its events. */
export function createSourcePartWriter(): SourcePartWriter {
  let sourceCount = 0
  const sourceIds = new Set<string>()
  // A source's id is its citation's number, or its position in the answer when it has none, made
  // unique within the message with a `-2`, `-3`... suffix: numbers repeat, and a position can equal a
  // number. Numbers come first within an event, so an unnumbered citation before the one numbered
  // with its position does not take that number; a number an earlier event used is taken, though.
  return (parts, citations) => {
    const numbers = new Set<string>()
    for (const { number } of citations) if (number != null) numbers.add(String(number))
    for (const citation of citations) {
      const position = ++sourceCount
      const numbered = citation.number != null
      const sourceId = claimPartId(sourceIds, String(citation.number ?? position), (id) => !numbered && numbers.has(id))
      parts.push(toSourcePart(citation, sourceId))
    }
  }
}
