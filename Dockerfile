# syntax=docker/dockerfile:1
# jobfake: a stateful fake of the Peaka, Airweave, Chroma Sync and Akua job APIs.
#   docker build -t jobfake .
#   docker run --rm -p 4010:4010 jobfake
# Node 26 is the Active LTS line (since 2026-10-28; Node 24 is in maintenance); Debian 13 "trixie"
# is Debian stable and the default base of the official node:26 images. Pinned by major version.

# Build stage: every dependency, then tsc to dist/ plus the build-time spec and scenario caches.
FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY specs ./specs
COPY scenarios ./scenarios
RUN npm run build

# Runtime stage: production dependencies only, the compiled code, specs and scenarios.
# Files stay owned by root and read-only to the unprivileged user that runs the server.
FROM node:26-trixie-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY --from=build /app/specs ./specs
COPY --from=build /app/scenarios ./scenarios
USER node
EXPOSE 4010
# No curl in the slim image: node's own fetch probes the admin health route.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4010/__admin/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js", "serve", "--host", "0.0.0.0", "--port", "4010"]
