import { describe, expect, it } from 'vitest';
import { parseAnswer } from './raw-http.js';

describe('parseAnswer', () => {
  it('reads status, headers and a body, after any 100 Continue', () => {
    const answer = parseAnswer('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nContent-Length: 2\r\n\r\n{}');
    expect(answer).toEqual({ status: 401, headers: { 'content-type': 'application/problem+json', 'content-length': '2' }, body: '{}' });
  });

  it('decodes a chunked body, and gives status 0 when nothing or half a head came back', () => {
    expect(parseAnswer('HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n').body).toBe('abcde');
    expect(parseAnswer('HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n').body).toBe('');
    expect(parseAnswer('').status).toBe(0);
    expect(parseAnswer('HTTP/1.1 200 OK\r\nContent-').status).toBe(0);
  });
});
