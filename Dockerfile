# Shopstream's image: one image, every process; the compose service picks the subcommand.
# Build stage: dev dependencies and the TypeScript compiler, thrown away afterwards.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `prepare` compiles the sources, which are not copied yet: it runs below, once they are.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY domain domain
COPY write-side write-side
COPY projections projections
COPY read-api read-api
COPY process-managers process-managers
COPY relay relay
COPY platform platform
COPY cli cli
RUN npx tsc -p tsconfig.build.json

# Runtime stage: production dependencies and the compiled output only, run as a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist dist
COPY bin bin
# DATA_DIR is only used when a service runs without DATABASE_URL (the embedded default).
RUN mkdir -p /data && chown node:node /data
USER node
ENTRYPOINT ["node", "bin/shopstream.js"]
CMD ["--help"]
