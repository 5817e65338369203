import * as http from 'node:http';

const FRAME = '\nevent: ';

/**
 * Opens `subscribers` SSE connections from `from` and resolves with the number of events
 * delivered once every subscriber has received `expected` events.
 */
export async function deliverToSubscribers(
  baseUrl: string,
  key: string,
  subscribers: number,
  from: bigint,
  expected: number,
): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: subscribers }, () => subscribe(baseUrl, key, from, expected)),
  );
  return counts.reduce((a, b) => a + b, 0);
}

function subscribe(baseUrl: string, key: string, from: bigint, expected: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let tail = '';
    const request = http.get(
      `${baseUrl}/engine/v1/events/subscribe?from=${from}`,
      { headers: { authorization: `Bearer ${key}` } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`SSE answered ${response.statusCode}`));
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          // Keep a short tail so a frame marker split across chunks is still counted once.
          const text = tail + chunk;
          for (let i = text.indexOf(FRAME); i >= 0; i = text.indexOf(FRAME, i + 1)) count++;
          tail = text.slice(-(FRAME.length - 1));
          if (count >= expected) {
            request.destroy();
            resolve(count);
          }
        });
      },
    );
    request.on('error', (error) => (count >= expected ? undefined : reject(error)));
  });
}
