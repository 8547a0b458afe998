export const chromiumRow = { name: 'Chromium', tools: ['playwright'], async run() { throw new Error('todo') } }
