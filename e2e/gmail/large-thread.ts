// Turns the open replica thread into a large one (300 more expanded plain messages with senders, then 200 separate DOM mutation
// batches), so the read view's observer cost can be counted by the e2e test and measured by the benchmark alike.
import type { Page } from 'playwright-core';

export async function growLargeThread(page: Page): Promise<void> {
  await page.evaluate(() => {
    const list = document.querySelector('[role=list]')!;
    for (let i = 0; i < 300; i++) {
      const m = document.createElement('div');
      m.className = 'adn ads';
      const id = 1700000000000000000n + BigInt(i);
      m.setAttribute('data-message-id', `#msg-f:${id}`);
      m.setAttribute('data-legacy-message-id', id.toString(16));
      // Every message shows its sender, as Gmail does: the read view looks each one up (five distinct senders).
      const sender = document.createElement('span');
      sender.className = 'gD';
      sender.setAttribute('email', `sender${i % 5}@example.org`);
      sender.setAttribute('name', `Sender ${i % 5}`);
      m.append(sender);
      const body = document.createElement('div');
      body.className = 'ii gt';
      const inner = document.createElement('div');
      inner.className = 'a3s aiL';
      inner.textContent = `message ${i} `.repeat(40);
      body.append(inner);
      m.append(body);
      list.append(m);
    }
  });
  for (let i = 0; i < 200; i++) {
    await page.evaluate((n) => {
      const span = document.createElement('span');
      span.textContent = `tick ${n}`;
      document.querySelector('[role=list]')!.lastElementChild!.append(span);
    }, i);
  }
  await page.waitForTimeout(300);
}
