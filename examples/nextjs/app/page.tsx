'use client'
// A Next.js App Router page (app/page.tsx) that chats through app/api/ai-chat/route.ts (Inkeep's v0
// API), or app/api/completion/route.ts (v1) when opened as /?api=completion, with the AI SDK's
// `useChat`: each answer renders as it streams, with its sources as links, and Stop cancels it. On
// v1, it also shows the records Inkeep considered and how confident the answer is.
// Run: in a Next.js app where `npm install @inkeep/chat-api ai @ai-sdk/react` was run, with `next dev`.
import { useChat } from '@ai-sdk/react'
import type { ChatDataParts, ChatMessageMetadata } from '@inkeep/chat-api/ai-sdk'
import { DefaultChatTransport, type UIMessage } from 'ai'
import { use, useState } from 'react'

// On v0, an answer's metadata holds its chat session id (and the server's signature of it); useChat
// posts it back with the history, which is how the route continues the session. On v1, which keeps no
// sessions, it holds the answer's annotations, and the records considered arrive as a data part.
type ChatMessage = UIMessage<ChatMessageMetadata, ChatDataParts>

const aiChatTransport = new DefaultChatTransport<ChatMessage>({ api: '/api/ai-chat' })
const completionTransport = new DefaultChatTransport<ChatMessage>({ api: '/api/completion' })

export default function Page({ searchParams }: { searchParams: Promise<{ api?: string | string[] | undefined }> }) {
  const transport = use(searchParams).api === 'completion' ? completionTransport : aiChatTransport
  const { messages, sendMessage, status, stop, error } = useChat<ChatMessage>({ transport })
  const [input, setInput] = useState('')
  const answering = status === 'submitted' || status === 'streaming'

  return (
    <main>
      {messages.map((message) => (
        <article key={message.id}>
          <strong>{message.role === 'user' ? 'You' : 'Inkeep'}</strong>
          {message.parts.map((part, index) => {
            switch (part.type) {
              // Sent before the text, so the reader sees what Inkeep is reading while it answers.
              case 'data-records-considered':
                return <small key={index}>Considered: {part.data.records.map((record) => record.title).join(', ')}</small>
              case 'text':
                return <p key={index}>{part.text}</p>
              // Inkeep's citations: a link when the record has a URL, its title otherwise.
              case 'source-url':
                return <a key={index} href={part.url}>[{part.sourceId}] {part.title ?? part.url}</a>
              case 'source-document':
                return <span key={index}>[{part.sourceId}] {part.title}</span>
              default:
                return null
            }
          })}
          {message.metadata?.aiAnnotations && <small>Confidence: {message.metadata.aiAnnotations.answerConfidence}</small>}
        </article>
      ))}
      {error && <p role="alert">{error.message}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (input.trim() === '') return
          void sendMessage({ text: input })
          setInput('')
        }}
      >
        <input value={input} onChange={(event) => setInput(event.target.value)} placeholder="Ask a question" />
        <button type="submit" disabled={answering}>Ask</button>
        <button type="button" onClick={() => void stop()} disabled={!answering}>Stop</button>
      </form>
    </main>
  )
}
