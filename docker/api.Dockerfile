# syntax=docker/dockerfile:1.7
# Soundlink API + SPA in one image. Build from the repository root:
#   docker build -f docker/api.Dockerfile -t soundlink .
# The same image runs the polling worker with SOUNDLINK_ROLE=worker.

FROM node:24-bookworm-slim AS build
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# Production dependencies only, pinned by the lock file the build generated for the bundle.
COPY --from=build /workspace/dist/apps/api/package.json /workspace/dist/apps/api/package-lock.json ./api/
RUN cd api && npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /workspace/dist/apps/api ./api
COPY --from=build /workspace/dist/apps/web ./web
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness: the process answers. A database outage must not make every container "unhealthy" (Swarm would
# replace them all); readiness, /health/ready, is for load balancers and depends_on (docs/operations.md).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "api/main.js"]
