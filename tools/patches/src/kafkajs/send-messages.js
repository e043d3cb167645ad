// Replaces kafkajs 2.2.4 src/producer/sendMessages.js. The published version remembers which
// brokers answered a send, not which partitions: when a request to one broker fails (its leader
// was killed) while the requests to the others succeed, the retry sends only to brokers without an
// answer. Once the controller has moved the dead leader's partitions to a broker that already
// answered, that broker is skipped, the retry sends nothing, and the send resolves although the
// records of those partitions were never written. Here the partitions whose records the broker
// acknowledged are remembered per topic, and each attempt sends every other partition to its
// current leader. An attempt also waits for all of its requests to settle before the retry, so a
// request still in flight is never overtaken by the retry's request for the same partitions (the
// idempotent producer's sequence numbers for a partition must go out in order).
const { KafkaJSMetadataNotLoaded } = require('../errors')
const { staleMetadata } = require('../protocol/error')
const groupMessagesPerPartition = require('./groupMessagesPerPartition')
const createTopicData = require('./createTopicData')
const responseSerializer = require('./responseSerializer')

const { keys } = Object

/**
 * @param {Object} options
 * @param {import("../../types").Logger} options.logger
 * @param {import("../../types").Cluster} options.cluster
 * @param {ReturnType<import("../../types").ICustomPartitioner>} options.partitioner
 * @param {import("./eosManager").EosManager} options.eosManager
 * @param {import("../retry").Retrier} options.retrier
 */
module.exports = ({ logger, cluster, partitioner, eosManager, retrier }) => {
  return async ({ acks, timeout, compression, topicMessages }) => {
    /** Topic -> partitions (as strings) whose records a broker acknowledged in this send. */
    const acknowledged = new Map()
    /** The answers of the requests that succeeded, in the order they came. */
    const responses = []

    const markAcknowledged = topicData => {
      for (const { topic, partitions } of topicData) {
        if (!acknowledged.has(topic)) acknowledged.set(topic, new Set())
        for (const { partition } of partitions) acknowledged.get(topic).add(String(partition))
      }
    }

    const createProducerRequests = async () => {
      const topicMetadata = new Map()
      /** Node id -> broker, for the leaders of the partitions still to be written. */
      const leaders = new Map()

      await cluster.refreshMetadataIfNecessary()

      for (const { topic, messages } of topicMessages) {
        const partitionMetadata = cluster.findTopicPartitionMetadata(topic)

        if (partitionMetadata.length === 0) {
          logger.debug('Producing to topic without metadata', {
            topic,
            targetTopics: Array.from(cluster.targetTopics),
          })

          throw new KafkaJSMetadataNotLoaded('Producing to topic without metadata')
        }

        const messagesPerPartition = groupMessagesPerPartition({
          topic,
          partitionMetadata,
          messages,
          partitioner,
        })

        const done = acknowledged.get(topic)
        const pending = keys(messagesPerPartition).filter(partition => !done || !done.has(partition))
        if (pending.length === 0) continue

        const partitionsPerLeader = cluster.findLeaderForPartitions(topic, pending)
        const led = keys(partitionsPerLeader).reduce((sum, nodeId) => sum + partitionsPerLeader[nodeId].length, 0)
        if (led !== pending.length) {
          // A partition the metadata does not list would otherwise be left out without a word.
          throw new KafkaJSMetadataNotLoaded('Producing to a partition without metadata')
        }

        topicMetadata.set(topic, { partitionsPerLeader, messagesPerPartition })

        for (const nodeId of keys(partitionsPerLeader)) {
          if (!leaders.has(nodeId)) leaders.set(nodeId, await cluster.findBroker({ nodeId }))
        }
      }

      return Array.from(leaders.entries()).map(async ([nodeId, broker]) => {
        const topicDataForBroker = Array.from(topicMetadata.entries())
          .filter(([_, { partitionsPerLeader }]) => !!partitionsPerLeader[nodeId])
          .map(([topic, { partitionsPerLeader, messagesPerPartition }]) => ({
            topic,
            partitions: partitionsPerLeader[nodeId],
            messagesPerPartition,
          }))

        const topicData = createTopicData(topicDataForBroker)

        await eosManager.acquireBrokerLock(broker)
        try {
          if (eosManager.isTransactional()) {
            await eosManager.addPartitionsToTransaction(topicData)
          }

          topicData.forEach(({ topic, partitions }) => {
            partitions.forEach(entry => {
              entry['firstSequence'] = eosManager.getSequence(topic, entry.partition)
              eosManager.updateSequence(topic, entry.partition, entry.messages.length)
            })
          })

          let response
          try {
            response = await broker.produce({
              transactionalId: eosManager.isTransactional()
                ? eosManager.getTransactionalId()
                : undefined,
              producerId: eosManager.getProducerId(),
              producerEpoch: eosManager.getProducerEpoch(),
              acks,
              timeout,
              compression,
              topicData,
            })
          } catch (e) {
            topicData.forEach(({ topic, partitions }) => {
              partitions.forEach(entry => {
                eosManager.updateSequence(topic, entry.partition, -entry.messages.length)
              })
            })
            throw e
          }

          const expectResponse = acks !== 0
          responses.push(expectResponse ? responseSerializer(response) : [])
          markAcknowledged(topicData)
        } finally {
          await eosManager.releaseBrokerLock(broker)
        }
      })
    }

    return retrier(async (bail, retryCount, retryTime) => {
      const topics = topicMessages.map(({ topic }) => topic)
      await cluster.addMultipleTargetTopics(topics)

      try {
        const requests = await createProducerRequests()
        const settled = await Promise.allSettled(requests)
        const failed = settled.find(({ status }) => status === 'rejected')
        if (failed) throw failed.reason
        return responses.flat()
      } catch (e) {
        if (e.name === 'KafkaJSConnectionClosedError') {
          cluster.removeBroker({ host: e.host, port: e.port })
        }

        if (!cluster.isConnected()) {
          logger.debug(`Cluster has disconnected, reconnecting: ${e.message}`, {
            retryCount,
            retryTime,
          })
          await cluster.connect()
          await cluster.refreshMetadata()
          throw e
        }

        // This is necessary in case the metadata is stale and the number of partitions
        // for this topic has increased in the meantime
        if (
          staleMetadata(e) ||
          e.name === 'KafkaJSMetadataNotLoaded' ||
          e.name === 'KafkaJSConnectionError' ||
          e.name === 'KafkaJSConnectionClosedError' ||
          (e.name === 'KafkaJSProtocolError' && e.retriable)
        ) {
          logger.error(`Failed to send messages: ${e.message}`, { retryCount, retryTime })
          await cluster.refreshMetadata()
          throw e
        }

        logger.error(`${e.message}`, { retryCount, retryTime })
        if (e.retriable) throw e
        bail(e)
      }
    })
  }
}
