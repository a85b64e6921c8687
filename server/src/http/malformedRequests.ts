// Requests Node cannot even parse never reach the router; answer them in the envelope too,
// instead of Node's bare 400.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type Server } from 'node:http'
import { ApiError } from './apiError'

export function answerMalformedRequests(httpServer: Server): void {
  httpServer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy()
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
    const envelope = new ApiError(status, [{ message: 'Malformed HTTP request', reason: 'bad_request' }], 'Malformed HTTP request').toEnvelope(randomUUID())
    const body = JSON.stringify(envelope)
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  })
}
