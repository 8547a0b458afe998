import type { WireAIAnnotations, WireConsideredRecord, WireLink, WireRagDocument } from './completion'
import { SAMPLE_GETTING_STARTED, SAMPLE_OVERVIEW, SAMPLE_SITE } from './sample-records'

/** The records the v0 sample answer cites, as `provideLinks` links. */
export const SAMPLE_LINKS: WireLink[] = [
  { label: '1', ...SAMPLE_OVERVIEW, description: 'What Inkeep is and how its answers cite their sources.' },
  { label: '2', ...SAMPLE_SITE, description: "Inkeep's home page.", breadcrumbs: [] },
]

export const SAMPLE_RECORDS_CONSIDERED: WireConsideredRecord[] = [
  SAMPLE_OVERVIEW,
  SAMPLE_GETTING_STARTED,
  { ...SAMPLE_SITE, breadcrumbs: [] },
]

export const SAMPLE_AI_ANNOTATIONS: WireAIAnnotations = {
  answerConfidence: 'very_confident',
  explanation: 'The sample sources answer the question directly.',
}

const toDocument = ({ type, url, title }: WireConsideredRecord, text: string): WireRagDocument => ({
  type: 'document',
  record_type: type,
  url,
  title,
  source: { type: 'content', content: [{ type: 'text', text, media_type: 'text/markdown' }] },
})

export const SAMPLE_DOCUMENTS: WireRagDocument[] = [
  { ...toDocument(SAMPLE_OVERVIEW, 'Inkeep answers questions from your documentation and cites its sources.'), context: 'Docs > Overview' },
  toDocument(SAMPLE_GETTING_STARTED, 'Create an API integration, then send its key as a bearer token.'),
]
