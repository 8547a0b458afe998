'use client'
// A Next.js App Router page (app/page.tsx) that chats through app/api/ai-chat/route.ts with the AI
// SDK's `useChat`: each answer renders as it streams, with its sources as links, and Stop cancels it.
// Run: in a Next.js app where `npm install @inkeep/chat-api ai @ai-sdk/react` was run, with `next dev`.
import { useChat } from '@ai-sdk/react'
import type { ChatMessageMetadata } from '@inkeep/chat-api/ai-sdk'
import { DefaultChatTransport, type UIMessage } from 'ai'
import { useState } from 'react'

// An answer's metadata holds its chat session id (and the server's signature of it); useChat posts
// it back with the history, which is how the route continues the session.
type ChatMessage = UIMessage<ChatMessageMetadata>

const transport = new DefaultChatTransport<ChatMessage>({ api: '/api/ai-chat' })

export default function Page() {
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
