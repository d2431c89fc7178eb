import { readdirSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { UI_DIR } from '../../paths.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

let assets: Map<string, Buffer> | undefined

/** Reads every file of the UI once, on the first request for one: start-up never pays for it. */
function load(): Map<string, Buffer> {
  if (assets) return assets
  assets = new Map()
  for (const name of readdirSync(UI_DIR))
    if (TYPES[extname(name)]) assets.set(name, readFileSync(new URL(name, UI_DIR)))
  return assets
}

/**
 * One file of the web UI by its name (only the files that are there: no path reaches outside
 * the folder), or undefined.
 *
 * @example
 * uiAsset('index.html')?.headers.get('content-type') // 'text/html; charset=utf-8'
 */
export function uiAsset(name: string): Response | undefined {
  const body = load().get(name)
  if (!body) return undefined
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': TYPES[extname(name)]!,
      'content-length': String(body.length),
      // Served from memory and small: always checked, so a rebuilt jobfake is seen at once.
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      // Everything the page uses comes from jobfake itself: no CDN, nothing inline.
      'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    },
  })
}
