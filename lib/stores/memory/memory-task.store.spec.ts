import { sampleTask } from '../../testing/task-store.contract.js';
import { MemoryTaskStore } from './memory-task.store.js';

describe('MemoryTaskStore retention', () => {
  it('holds no more than maxCompleted finished tasks however many were created', async () => {
    const store = new MemoryTaskStore();
    store.setRetention({ maxCompleted: 100, completedTtlMs: 86_400_000 });
    for (let index = 0; index < 5_000; index += 1) {
      const task = sampleTask({ ttlMs: 86_400_000 });
      await store.create(task);
      await store.update(task.taskId, { status: 'completed', result: { content: [{ type: 'text', text: 'x'.repeat(100) }] } });
    }
    expect(store.size).toBe(100);
    expect(await store.countActive()).toBe(0);
    store.onModuleDestroy();
  });
});
