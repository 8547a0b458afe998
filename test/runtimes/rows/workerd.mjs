export const workerdRow = { name: 'workerd', tools: ['workerd'], async run() { throw new Error('todo') } }
