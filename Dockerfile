# syntax=docker/dockerfile:1
# The bot: build with dev dependencies, run with production dependencies only, as a non-root user.
# Pin the base image by digest in your registry mirror if you need bit-for-bit rebuilds.
ARG NODE_IMAGE=node:24.11.1-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional: the Meilisearch test binary is not needed to compile.
RUN npm ci --omit=optional --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    INDEX_DATA_DIR=/app/index-data
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. kuromoji's dictionary ships inside it (node_modules/kuromoji/dict).
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund \
 && npm cache clean --force \
 && test -f node_modules/kuromoji/dict/base.dat.gz
COPY --from=build /app/dist ./dist
# The bundled edition and the staff-editable dictionaries (synonyms, department aliases).
COPY index-data ./index-data
# DATA_DIR: snapshots written by reindex; the node user (uid 1000) owns it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server.js"]
