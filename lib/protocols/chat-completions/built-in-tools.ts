import type { BuiltInTool } from '../../types'

// The tools through which Inkeep's `inkeep-qa-*` models give an answer's metadata
// (https://docs.inkeep.com/ai-api/question-answer-mode/overview). A request asks for one by defining
// it in `tools`; the model then calls it with arguments in the shape its parameters describe. The
// shapes follow Inkeep's pages and its public examples; link-schemas.ts reads the calls back.

const stringArray = { type: 'array', items: { type: 'string' } }

const DEFINITIONS: Record<BuiltInTool, { description: string; parameters: Record<string, unknown> }> = {
  provideLinks: {
    description: 'Provides the links (sources) the answer cites, each with the label of its footnote.',
    parameters: {
      type: 'object',
      properties: {
        links: {
          type: ['array', 'null'],
          items: {
            type: 'object',
            properties: {
              label: { type: ['string', 'null'] },
              url: { type: 'string' },
              title: { type: ['string', 'null'] },
              description: { type: ['string', 'null'] },
              type: { type: ['string', 'null'] },
              breadcrumbs: { type: ['array', 'null'], items: { type: 'string' } },
            },
            required: ['url'],
          },
        },
      },
      required: ['links'],
    },
  },
  provideAIAnnotations: {
    description: 'Annotates the answer, such as with how confidently it answers the question.',
    parameters: {
      type: 'object',
      properties: {
        aiAnnotations: {
          type: 'object',
          properties: {
            answerConfidence: { type: 'string', enum: ['very_confident', 'somewhat_confident', 'not_confident', 'no_sources', 'other'] },
            explanation: { type: 'string' },
          },
          required: ['answerConfidence'],
        },
      },
      required: ['aiAnnotations'],
    },
  },
  provideRecordsConsidered: {
    description: 'Provides the records (sources) considered for the answer, before the answer itself; not all are cited.',
    parameters: {
      type: 'object',
      properties: {
        recordsConsidered: {
          type: 'array',
          items: {
            type: 'object',
            properties: { type: { type: 'string' }, url: { type: 'string' }, title: { type: 'string' }, breadcrumbs: stringArray },
            required: ['type', 'url', 'title'],
          },
        },
      },
      required: ['recordsConsidered'],
    },
  },
}

export const BUILT_IN_TOOLS: BuiltInTool[] = ['provideLinks', 'provideAIAnnotations', 'provideRecordsConsidered']

/** What `builtInTools` asks for when it is left out: the answer's links and annotations, from qa models only. */
const QA_MODEL_DEFAULT: BuiltInTool[] = ['provideLinks', 'provideAIAnnotations']

/** The built-in tools a request asks for, from its `builtInTools` and its model. */
export function builtInToolsFor(model: string, builtInTools: boolean | BuiltInTool[] | undefined): BuiltInTool[] {
  if (builtInTools === undefined) return model.startsWith('inkeep-qa-') ? QA_MODEL_DEFAULT : []
  if (typeof builtInTools === 'boolean') return builtInTools ? BUILT_IN_TOOLS : []
  return builtInTools
}

/** The definition of a built-in tool, as a request's `tools` carries it. */
export const toolDefinition = (name: BuiltInTool) => ({ type: 'function' as const, function: { name, ...DEFINITIONS[name] } })
