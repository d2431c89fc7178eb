// nginx for bench/scale-out.mjs: Debian's package (installed with apt-get when missing, root
// only), a configuration made of deploy/nginx.conf itself (only its upstream servers and its listen
// address replaced) inside a main nginx.conf shaped like the nginx image's, and a model of nginx's
// consistent hash ring (to tell where session names go).
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './jobfake.mjs'

export const NGINX = '/usr/sbin/nginx'
const SITE = join(ROOT, 'deploy', 'nginx.conf')

/** Installs nginx when /usr/sbin/nginx is missing (as root only; its own service kept from starting). */
export function ensureNginx() {
  if (existsSync(NGINX)) return
  if (process.getuid?.() !== 0)
    throw new Error(
      `${NGINX} is missing; run as root to install it (apt-get install nginx), or install it.`,
    )
  console.log(`[scale-out] ${NGINX} is missing: apt-get update && apt-get install -y nginx`)
  // The package would start its own nginx on port 80 where nothing forbids it (Docker's Debian
  // images carry this very policy): forbid it for the install only.
  const policy = '/usr/sbin/policy-rc.d'
  const ownPolicy = !existsSync(policy)
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 })
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    for (const argv of [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'nginx'],
    ]) {
      const r = spawnSync('timeout', ['600', ...argv], { stdio: 'inherit', env })
      if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status ?? r.signal})`)
    }
  } finally {
    if (ownPolicy) rmSync(policy, { force: true })
  }
  if (!existsSync(NGINX)) throw new Error(`apt-get installed nginx, but ${NGINX} is still missing`)
}

export const nginxVersion = () =>
  spawnSync(NGINX, ['-v'], { encoding: 'utf8' })
    .stderr.trim()
    .replace(/^nginx version: /, '')

/**
 * deploy/nginx.conf with its upstream servers (`server jobfake-N:4010 …;`) replaced by one line
 * per port, with the same parameters, and `listen 4010;` by a loopback address; inside an nginx.conf
 * of the same shape as the nginx image's, with every path in `dir`.
 */
export function writeNginxConfig(dir, listenPort, upstreamPorts) {
  const site = readFileSync(SITE, 'utf8')
  const serverLine = /^([ \t]*)server[ \t]+jobfake-\d+:4010\b([^;\n]*);[ \t]*\n/gm
  const listenLine = /^([ \t]*)listen[ \t]+4010;/gm
  const servers = site.match(serverLine) ?? []
  if (servers.length === 0 || (site.match(listenLine) ?? []).length !== 1) {
    throw new Error(
      `${SITE} no longer has the upstream lines "server jobfake-N:4010 …;" and one "listen 4010;" this bench replaces`,
    )
  }
  let first = true
  const rewritten = site
    .replace(serverLine, (_, indent, params) => {
      if (!first) return ''
      first = false
      return upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p}${params};\n`).join('')
    })
    .replace(listenLine, `$1listen 127.0.0.1:${listenPort};`)
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o755)
  writeFileSync(join(dir, 'jobfake.conf'), rewritten)
  const main = `# Written by bench/scale-out.mjs: the nginx image's main configuration, with every path in ${dir}.
daemon off;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;

events {
    worker_connections 1024;
}

http {
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log ${dir}/access.log combined buffer=64k flush=1s;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/jobfake.conf;
}
`
  writeFileSync(join(dir, 'nginx.conf'), main)
  return join(dir, 'nginx.conf')
}

// nginx's consistent hash (ngx_http_upstream_hash_module, `hash … consistent`): each server name
// "host:port" gets 160 points (weight 1), crc32(host "\0" port prev_point) in a chain; a key goes to
// the server of the first point at or after crc32(key), wrapping around.
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})
const crcUpdate = (c, bytes) => {
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return c
}
const crcFinal = (c) => (c ^ 0xffffffff) >>> 0

/** A function from a key to the index of the server nginx's ring sends it to. */
export function chashRing(servers) {
  const points = []
  servers.forEach((server, index) => {
    const [, host, port] = /^(.*):(\d+)$/.exec(server) ?? [server, server, '']
    const base = crcUpdate(
      crcUpdate(crcUpdate(0xffffffff, Buffer.from(host)), [0]),
      Buffer.from(port),
    )
    const prev = Buffer.alloc(4)
    for (let j = 0; j < 160; j++) {
      const hash = crcFinal(crcUpdate(base, prev))
      points.push({ hash, index })
      prev.writeUInt32LE(hash)
    }
  })
  points.sort((a, b) => a.hash - b.hash)
  return (key) => {
    const hash = crcFinal(crcUpdate(0xffffffff, Buffer.from(key)))
    let lo = 0
    let hi = points.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (points[mid].hash < hash) lo = mid + 1
      else hi = mid
    }
    return points[lo % points.length].index
  }
}
