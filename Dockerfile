# The engine image: build with the full toolchain (better-sqlite3 compiles natively if no prebuilt
# binary matches), then run from a slim image with production dependencies only.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The lockfile lists every platform's optional binaries: a plain `npm ci` reproduces the install.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    AUTH=on \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-old-space-size=768
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
# Readiness, not liveness: "healthy" once the store answers and the read models caught up to the
# head they saw at start (the slim image has no curl; Node's fetch does the probe).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tsc keeps the source layout under dist/ (rootDir "./"), so apps/engine/src/main.ts lands here.
CMD ["node", "dist/apps/engine/src/main.js"]
