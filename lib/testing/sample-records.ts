import type { CitedRecord } from '../types'

// The knowledge base the sample answers draw on, on both APIs, so that v0 and v1 tell the same story.

export const SAMPLE_OVERVIEW = {
  type: 'documentation',
  url: 'https://docs.inkeep.com/overview',
  title: 'Overview',
  breadcrumbs: ['Docs', 'Overview'],
} satisfies CitedRecord

export const SAMPLE_SITE = { type: 'site', url: 'https://inkeep.com', title: 'Inkeep' } satisfies CitedRecord

/** Looked at, never cited: the records considered of an answer are more than its citations. */
export const SAMPLE_GETTING_STARTED = {
  type: 'documentation',
  url: 'https://docs.inkeep.com/getting-started',
  title: 'Getting started',
  breadcrumbs: ['Docs', 'Getting started'],
} satisfies CitedRecord
