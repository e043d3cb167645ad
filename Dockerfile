# One image for every Ledgerline service and tool; docker-compose.yml picks the entry point.
# TypeScript runs through the same SWC register hook the local commands use, so what runs in a
# container is exactly what runs on a developer machine.
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools/patches/src/ tools/patches/src/
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production KAFKAJS_NO_PARTITIONER_WARNING=1
USER node
CMD ["node", "--max-semi-space-size=32", "-r", "./tools/ts-register.cjs", "apps/inventory-ledger/src/main.ts"]
