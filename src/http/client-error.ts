import type { Socket } from 'node:net'
import type { Vendor } from '../vendor/types.js'

const REASONS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request header fields are larger than this server takes (16 KiB)'],
}

/**
 * Answers what node's HTTP parser refuses (a head over 16 KiB, a malformed request) in JSON: the
 * vendor's own error shape when the request line shows its mount, the admin shape otherwise,
 * instead of node's bare status line.
 *
 * @example
 * server.on('clientError', clientError(vendors))
 */
export function clientError(vendors: Vendor[]) {
  return (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void => {
    if (!socket.writable || (error.code === 'ECONNRESET' && !error.rawPacket))
      return void socket.destroy()
    const [status, message] = REASONS[error.code ?? ''] ?? [
      400,
      `The request could not be read (${error.code ?? error.message})`,
    ]
    const path = /^[A-Z]+ (\S+)/.exec(error.rawPacket?.toString('latin1', 0, 2048) ?? '')?.[1] ?? ''
    const vendor = vendors.find((v) => path === v.mount || path.startsWith(`${v.mount}/`))
    const body = vendor
      ? vendor.problem({ kind: 'fault', status, message }).body
      : {
          error: status === 431 ? 'header_too_large' : 'bad_request',
          message: `[jobfake] ${message}.`,
        }
    const text = JSON.stringify(body)
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    )
  }
}
