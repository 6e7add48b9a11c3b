import type { Socket } from 'node:net';

/** Status and message for what Node's HTTP parser refused, by its error code. */
function describe(code: string | undefined): { status: number; reason: string; detail: string } {
  switch (code) {
    case 'HPE_INVALID_METHOD':
      return { status: 400, reason: 'Bad Request', detail: 'Unsupported HTTP method.' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', detail: 'Request headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', detail: 'The request took too long to arrive.' };
    default:
      return { status: 400, reason: 'Bad Request', detail: 'Malformed HTTP request.' };
  }
}

/**
 * The HTTP server's `clientError` listener: a request Node's parser refuses (an unknown method
 * like `FOO / HTTP/1.1`, a malformed request line or header) gets a JSON answer,
 * `{"detail": "..."}`, like every other error, instead of a bare 400 or a reset connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // Nothing can be written to a socket the client already closed, nor in the middle of a response
  // already under way on it (a bad second request on a keep-alive connection).
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const { status, reason, detail } = describe(error.code);
  const body = JSON.stringify({ detail });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
