package io.agentsessions.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentsessions.core.agent.Agent;
import io.agentsessions.core.agent.AgentRegistry;
import io.agentsessions.core.blob.BlobLayout;
import io.agentsessions.core.blob.S3BlobStore;
import io.agentsessions.core.error.PayloadTooLargeException;
import io.agentsessions.core.error.StoreUnavailableException;
import io.agentsessions.core.error.StoredDataUnreadableException;
import io.agentsessions.core.json.Json;
import io.agentsessions.core.model.Items;
import io.agentsessions.core.model.ModelProviders;
import io.agentsessions.core.model.ModelRequest;
import io.agentsessions.core.model.echo.EchoModelProvider;
import io.agentsessions.core.session.PageRequest;
import io.agentsessions.core.session.RunRequest;
import io.agentsessions.core.session.SessionKey;
import io.agentsessions.core.session.SessionPage;
import io.agentsessions.core.session.SessionRecord;
import io.agentsessions.core.session.SessionService;
import io.agentsessions.core.session.SessionServiceConfig;
import io.agentsessions.core.session.SessionSettings;
import io.agentsessions.core.session.StoredItem;
import io.agentsessions.core.session.dynamodb.DynamoDbSessionStore;
import io.agentsessions.core.testing.RecordingModelProvider;
import io.agentsessions.local.emulator.AwsEndpoints;
import io.agentsessions.local.emulator.EmulatorClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Histories without limits, on DynamoDB Local and S3Mock: large items spill to S3 and come back
 * byte for byte, older items are archived to S3 in order and read back transparently, clear and
 * delete remove what lives in S3, and injected faults lose nothing and duplicate nothing.
 */
abstract class LargeItemsAndArchiveContract {
    private static final int MAX_HISTORY = 5;
    private static final int CHUNK_ITEMS = 10;
    private static final int HOT_LIMIT = 20;

    private final BlobLayout layout = new BlobLayout("it-" + UUID.randomUUID().toString().substring(0, 8) + "/");
    private AwsEndpoints endpoints;
    private S3Client s3;
    private FaultyBlobStore blobs;
    private final AtomicBoolean failNextBatchWrite = new AtomicBoolean();
    private final AtomicInteger dynamoDbCalls = new AtomicInteger();
    private List<ModelRequest> seen;
    private DynamoDbClient dynamoDb;
    private DynamoDbSessionStore store;
    private SessionService service;

    /** The back end: DynamoDB Local and S3Mock, or LocalStack. */
    protected abstract AwsEndpoints backend();

    @BeforeEach
    void setUp() {
        endpoints = backend();
        s3 = Backends.s3(endpoints);
        blobs = new FaultyBlobStore(new S3BlobStore(s3, Backends.BUCKET));
        Backends.dynamoDb(endpoints); // creates the table
        ExecutionInterceptor faults = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchWriteItemRequest && failNextBatchWrite.getAndSet(false)) {
                    throw SdkClientException.create("injected: killed before the archived hot items were deleted");
                }
            }
        };
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoints.dynamoDb()).region(EmulatorClients.REGION)
                .credentialsProvider(EmulatorClients.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(faults)).build();
        store = DynamoDbSessionStore.builder().dynamoDb(dynamoDb).tableName(Backends.TABLE)
                .capacityListener((operation, capacity) -> dynamoDbCalls.incrementAndGet())
                .blobs(blobs, layout).archiveChunk(CHUNK_ITEMS, 8 * 1024 * 1024).build();
        RecordingModelProvider recording = new RecordingModelProvider(new EchoModelProvider());
        seen = recording.requests();
        service = new SessionService(store,
                new AgentRegistry(List.of(new Agent("assistant", "Be helpful.", null, null, null, null))),
                ModelProviders.of(recording),
                new SessionServiceConfig("echo", "echo-1", MAX_HISTORY, 0, Duration.ofSeconds(20), 40,
                        Duration.ofSeconds(20), true, SessionServiceConfig.DEFAULT_MAX_ITEM_BYTES, HOT_LIMIT),
                Clock.systemUTC());
    }

    private static SessionKey newKey() {
        return new SessionKey("owner-" + UUID.randomUUID(), "s-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void runTurns(SessionKey key, int turns) {
        for (int i = 0; i < turns; i++) {
            service.run(key, new RunRequest(List.of(Items.userText("message " + i)), "assistant", null),
                    Instant.now().plusSeconds(30));
        }
    }

    private List<StoredItem> readAll(SessionKey key, boolean ascending, int pageSize) {
        List<StoredItem> all = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = service.get(key, new PageRequest(pageSize, ascending, cursor));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    private List<String> objectKeys(String prefix) {
        return s3.listObjectsV2(r -> r.bucket(Backends.BUCKET).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }

    private int hotItemsInDynamoDb(SessionKey key) {
        String pk = "S#" + java.net.URLEncoder.encode(key.owner(), java.nio.charset.StandardCharsets.UTF_8) + "#"
                + key.sessionId();
        return dynamoDb.query(r -> r.tableName(Backends.TABLE).keyConditionExpression("pk = :pk AND begins_with(sk, :m)")
                .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS(pk),
                        ":m", AttributeValue.fromS("M#")))).count();
    }

    private static ObjectNode largeItem(int bytes, long seed) {
        byte[] raw = new byte[bytes * 3 / 4];
        new Random(seed).nextBytes(raw);
        ObjectNode item = Items.userText("see attachment");
        ObjectNode image = Json.object();
        image.put("type", "input_image");
        image.put("image_url", "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(raw));
        item.putArray("content").addObject().put("type", "input_text").put("text", "see attachment");
        ((com.fasterxml.jackson.databind.node.ArrayNode) item.get("content")).add(image);
        return item;
    }

    private static void assertContiguous(List<StoredItem> items, long count) {
        assertThat(items).extracting(StoredItem::seq).containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
    }

    // ---- large items -------------------------------------------------------------------------

    @Test
    void fiveMegabyteItemRoundTripsByteForByteThroughGetAndIntoTheModel() {
        SessionKey key = newKey();
        ObjectNode big = largeItem(5 * 1024 * 1024 - 4096, 1);
        String sent = Json.write(big);
        assertThat(sent.length()).isGreaterThan(5_000_000);

        service.run(key, new RunRequest(List.of(big), "assistant", null), Instant.now().plusSeconds(60));
        runTurns(key, 1);

        assertThat(Json.write(seen.get(1).input().get(0))).isEqualTo(sent);
        SessionPage page = service.get(key, new PageRequest(10, true, null, Long.MAX_VALUE));
        assertThat(Json.write(page.items().get(0).item())).isEqualTo(sent);
        assertThat(objectKeys(layout.session(key))).singleElement().asString().contains("/items/");
    }

    @Test
    void itemsOverTheLimitAreRejectedAndNothingIsWritten() {
        SessionKey key = newKey();
        ObjectNode tooBig = Items.userText("x".repeat(SessionServiceConfig.DEFAULT_MAX_ITEM_BYTES));

        assertThatThrownBy(() -> service.run(key, new RunRequest(List.of(tooBig), "assistant", null),
                Instant.now().plusSeconds(30))).isInstanceOf(PayloadTooLargeException.class)
                .hasFieldOrPropertyWithValue("code", "ITEM_TOO_LARGE");
        assertThat(store.load(key)).isEmpty();
        assertThat(objectKeys(layout.session(key))).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void pagesStayWithinTheirByteBudgetButAlwaysHoldOneItem() {
        SessionKey key = newKey();
        service.run(key, new RunRequest(List.of(largeItem(600_000, 2), largeItem(600_000, 3)), "assistant", null),
                Instant.now().plusSeconds(30));

        SessionPage first = service.get(key, new PageRequest(10, true, null, 700_000));
        assertThat(first.items()).hasSize(1);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(service.get(key, new PageRequest(10, true, null, 1000)).items()).hasSize(1);
        assertContiguous(readAllWithBudget(key, 700_000), 3);
    }

    private List<StoredItem> readAllWithBudget(SessionKey key, long budget) {
        List<StoredItem> all = new ArrayList<>();
        String cursor = null;
        do {
            SessionPage page = service.get(key, new PageRequest(10, true, cursor, budget));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    // ---- archive -----------------------------------------------------------------------------

    @Test
    void archiveOnRequestMovesOlderItemsToS3InOrderAndReadsStayTransparent() {
        SessionKey key = newKey();
        runTurns(key, 15);
        List<StoredItem> before = readAll(key, true, 100);

        SessionRecord archived = service.archiveAll(key, Instant.now().plusSeconds(30));

        assertThat(archived.archivedCount()).isEqualTo(30 - MAX_HISTORY);
        assertThat(objectKeys(layout.session(key))).hasSize(3).allMatch(k -> k.contains("/archive/"));
        assertThat(hotItemsInDynamoDb(key)).isEqualTo(MAX_HISTORY);
        List<StoredItem> ascending = readAll(key, true, 7);
        assertContiguous(ascending, 30);
        assertThat(ascending).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
        List<StoredItem> descending = readAll(key, false, 6);
        assertThat(descending).extracting(StoredItem::seq)
                .containsExactlyElementsOf(LongStream.range(0, 30).map(i -> 29 - i).boxed().toList());
    }

    @Test
    void aReadBasedOnARecordLoadedBeforeAnArchiveStepStillSeesEveryItem() {
        SessionKey key = newKey();
        runTurns(key, 10);
        SessionRecord loadedBefore = store.load(key).orElseThrow();

        store.archive(loadedBefore, 15).orElseThrow(); // archives 0..9 and deletes them from the hot store

        assertContiguous(store.items(loadedBefore, 0, 20, true, 100), 20);
        assertThat(store.items(loadedBefore, 0, 20, false, 100)).extracting(StoredItem::seq)
                .containsExactlyElementsOf(LongStream.range(0, 20).map(i -> 19 - i).boxed().toList());
        assertThat(store.items(loadedBefore, 5, 12, true, 3)).extracting(StoredItem::seq).containsExactly(5L, 6L, 7L);
        assertThat(store.items(loadedBefore, 0, 20, false, 12)).extracting(StoredItem::seq)
                .containsExactlyElementsOf(LongStream.range(8, 20).map(i -> 27 - i).boxed().toList());
    }

    @Test
    void anArchiverThatLostTheRaceIsToldItIsStaleNotThatDataIsMissing() {
        SessionKey key = newKey();
        runTurns(key, 10);
        SessionRecord loadedByBoth = store.load(key).orElseThrow();
        store.archive(loadedByBoth, 15).orElseThrow();

        assertThatThrownBy(() -> store.archive(loadedByBoth, 15))
                .isInstanceOf(io.agentsessions.core.session.StaleSessionException.class);
        assertContiguous(readAll(key, true, 7), 20);
    }

    @Test
    void twoArchiversCuttingDifferentChunksNeverOverwriteEachOther() {
        SessionKey key = newKey();
        runTurns(key, 10);
        List<StoredItem> before = readAll(key, true, 100);
        SessionRecord loadedByBoth = store.load(key).orElseThrow();
        FaultyBlobStore otherBlobs = new FaultyBlobStore(new S3BlobStore(s3, Backends.BUCKET));
        otherBlobs.fault = FaultyBlobStore.Fault.KILL_AFTER_PUT;
        DynamoDbSessionStore other = DynamoDbSessionStore.builder().dynamoDb(dynamoDb).tableName(Backends.TABLE)
                .blobs(otherBlobs, layout).archiveChunk(CHUNK_ITEMS, 8 * 1024 * 1024).build();
        // The second archiver cuts a shorter chunk from the same start and writes it between the
        // first one's S3 write and its commit, then dies.
        blobs.afterNextPut = () -> assertThatThrownBy(() -> other.archive(loadedByBoth, 5)).hasMessageContaining("killed");

        store.archive(loadedByBoth, 15).orElseThrow();

        assertThat(store.load(key).orElseThrow().archivedCount()).isEqualTo(CHUNK_ITEMS);
        assertThat(readAll(key, true, 7)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
    }

    @Test
    void aTurnWhoseInlineItemsWouldExceedTheTransactionLimitSpillsToS3() {
        DynamoDbSessionStore wideInline = DynamoDbSessionStore.builder().dynamoDb(dynamoDb).tableName(Backends.TABLE)
                .blobs(blobs, layout).largeItemBytes(64 * 1024).build();
        SessionKey key = newKey();
        List<StoredItem> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(new StoredItem(i, "t", Instant.now(), null, Items.userText("z".repeat(60 * 1024) + i)));
        }
        SessionRecord created = new SessionRecord(key, 1, "inc", Instant.now(), Instant.now(), null, Json.object(),
                Json.object(), SessionSettings.DEFAULTS, 60);

        wideInline.commit(java.util.Optional.empty(), created, items);

        assertThat(objectKeys(layout.session(key))).isNotEmpty();
        assertThat(wideInline.items(created, 0, 60, true, 100)).extracting(item -> Items.text(item.item()))
                .containsExactlyElementsOf(items.stream().map(item -> Items.text(item.item())).toList());
    }

    @Test
    void theModelWindowIsReadFromHotItemsAfterArchiving() {
        SessionKey key = newKey();
        runTurns(key, 10);
        service.archiveAll(key, Instant.now().plusSeconds(30));
        blobs.resetCounts();

        runTurns(key, 1);

        assertThat(seen.get(seen.size() - 1).input()).hasSize(MAX_HISTORY + 1);
        assertThat(blobs.requests()).isZero();
    }

    @Test
    void archivingHappensAutomaticallyPastTheHotLimit() {
        SessionKey key = newKey();
        runTurns(key, 12);
        assertThat(store.load(key).orElseThrow().hotCount()).isEqualTo(24).isGreaterThan(HOT_LIMIT);

        SessionRecord after = service.archiveIfNeeded(key, Instant.now().plusSeconds(30));

        assertThat(after.hotCount()).isLessThanOrEqualTo(HOT_LIMIT / 2);
        assertContiguous(readAll(key, true, 9), 24);
        SessionRecord again = service.archiveIfNeeded(key, Instant.now().plusSeconds(30));
        assertThat(again).isEqualTo(after);
    }

    @Test
    void aPageCostsTheSameBoundedRequestsAnywhereInALongArchivedHistory() {
        SessionKey key = newKey();
        runTurns(key, 60);
        service.archiveAll(key, Instant.now().plusSeconds(60));
        long count = store.load(key).orElseThrow().itemCount();
        List<Integer> s3PerPage = new ArrayList<>();
        List<Integer> dynamoPerPage = new ArrayList<>();
        String cursor = null;
        do {
            blobs.resetCounts();
            dynamoDbCalls.set(0);
            SessionPage page = service.get(key, new PageRequest(7, true, cursor));
            s3PerPage.add(blobs.requests());
            dynamoPerPage.add(dynamoDbCalls.get());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(count).isEqualTo(120);
        // a page of 7 touches at most two chunks of 10: at most 2 S3 reads and 1 + 1 + 2 DynamoDB calls
        assertThat(s3PerPage).allMatch(n -> n <= 2);
        assertThat(dynamoPerPage).allMatch(n -> n <= 5);
    }

    @Test
    void largeItemsKeepTheirOwnObjectsWhenArchived() {
        SessionKey key = newKey();
        ObjectNode big = largeItem(200_000, 4);
        service.run(key, new RunRequest(List.of(big), "assistant", null), Instant.now().plusSeconds(30));
        runTurns(key, 8);
        service.archiveAll(key, Instant.now().plusSeconds(30));

        assertThat(store.load(key).orElseThrow().archivedCount()).isGreaterThan(0);
        assertThat(Json.write(service.get(key, new PageRequest(1, true, null)).items().get(0).item()))
                .isEqualTo(Json.write(big));
    }

    // ---- clear and delete --------------------------------------------------------------------

    @Test
    void clearAndDeleteRemoveWhatLivesInS3() {
        SessionKey key = newKey();
        service.run(key, new RunRequest(List.of(largeItem(100_000, 5)), "assistant", null),
                Instant.now().plusSeconds(30));
        runTurns(key, 12);
        service.archiveAll(key, Instant.now().plusSeconds(30));
        assertThat(objectKeys(layout.session(key))).hasSizeGreaterThan(1);

        service.clear(key);
        assertThat(objectKeys(layout.session(key))).isEmpty();
        assertThat(hotItemsInDynamoDb(key)).isZero();
        assertThat(service.get(key, PageRequest.first()).items()).isEmpty();

        service.run(key, new RunRequest(List.of(largeItem(100_000, 6)), "assistant", null),
                Instant.now().plusSeconds(30));
        service.delete(key);
        assertThat(objectKeys(layout.session(key))).isEmpty();
        assertThat(hotItemsInDynamoDb(key)).isZero();
    }

    // ---- faults ------------------------------------------------------------------------------

    @Test
    void s3DownDuringARunWithALargeItemWritesNothing() {
        SessionKey key = newKey();
        runTurns(key, 1);
        SessionRecord before = store.load(key).orElseThrow();
        blobs.fault = FaultyBlobStore.Fault.FAIL_PUTS;

        assertThatThrownBy(() -> service.run(key, new RunRequest(List.of(largeItem(100_000, 7)), "assistant", null),
                Instant.now().plusSeconds(30))).isInstanceOf(StoreUnavailableException.class);

        assertThat(store.load(key)).contains(before);
        assertContiguous(readAll(key, true, 10), 2);
    }

    @Test
    void s3DownDuringArchivingLosesNothingAndALaterStepSucceeds() {
        SessionKey key = newKey();
        runTurns(key, 10);
        List<StoredItem> before = readAll(key, true, 100);
        blobs.fault = FaultyBlobStore.Fault.FAIL_PUTS;

        assertThatThrownBy(() -> service.archiveAll(key, Instant.now().plusSeconds(30)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.load(key).orElseThrow().archivedCount()).isZero();
        assertThat(readAll(key, true, 100)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);

        blobs.fault = FaultyBlobStore.Fault.NONE;
        service.archiveAll(key, Instant.now().plusSeconds(30));
        assertThat(readAll(key, true, 6)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
    }

    @Test
    void aKillBetweenTheS3WriteAndTheCommitNeverDuplicatesOrReorders() {
        SessionKey key = newKey();
        runTurns(key, 10);
        List<StoredItem> before = readAll(key, true, 100);
        blobs.fault = FaultyBlobStore.Fault.KILL_AFTER_PUT;

        assertThatThrownBy(() -> service.archiveAll(key, Instant.now().plusSeconds(30)))
                .hasMessageContaining("killed");
        assertThat(store.load(key).orElseThrow().archivedCount()).isZero();
        assertThat(readAll(key, true, 100)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);

        blobs.fault = FaultyBlobStore.Fault.NONE;
        service.archiveAll(key, Instant.now().plusSeconds(30));
        List<StoredItem> after = readAll(key, true, 4);
        assertThat(after).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
        assertThat(objectKeys(layout.session(key))).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void aKillBetweenTheCommitAndDeletingHotItemsLeavesConsistentReadsAndIsCleanedUpLater() {
        SessionKey key = newKey();
        runTurns(key, 10);
        List<StoredItem> before = readAll(key, true, 100);
        failNextBatchWrite.set(true);

        assertThatThrownBy(() -> service.archiveAll(key, Instant.now().plusSeconds(30)))
                .isInstanceOf(StoreUnavailableException.class);
        SessionRecord afterKill = store.load(key).orElseThrow();
        assertThat(afterKill.archivedCount()).isEqualTo(CHUNK_ITEMS);
        assertThat(hotItemsInDynamoDb(key)).isEqualTo(20); // the archived ten are still there, unreachable
        assertThat(readAll(key, true, 3)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);

        service.archiveAll(key, Instant.now().plusSeconds(30));
        assertThat(hotItemsInDynamoDb(key)).isEqualTo(MAX_HISTORY);
        assertThat(readAll(key, false, 100)).hasSize(20);
        assertThat(readAll(key, true, 8)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
    }

    @Test
    void concurrentRunsAndArchivingNeverLoseSplitOrDuplicateTurns() throws Exception {
        SessionKey key = newKey();
        runTurns(key, 5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String text = "concurrent " + i;
            futures.add(pool.submit(() -> service.run(key, new RunRequest(List.of(Items.userText(text)), "assistant",
                    null), Instant.now().plusSeconds(60))));
            if (i % 4 == 0) {
                futures.add(pool.submit(() -> service.archiveAll(key, Instant.now().plusSeconds(60))));
            }
        }
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<StoredItem> all = readAll(key, true, 9);
        assertContiguous(all, 42);
        for (int i = 0; i < all.size(); i += 2) {
            assertThat(all.get(i).turnId()).isEqualTo(all.get(i + 1).turnId());
            assertThat(Items.text(all.get(i + 1).item())).startsWith("echo: " + Items.text(all.get(i).item()));
        }
    }

    @Test
    void aMissingArchiveObjectIsReportedNamingTheSession() {
        SessionKey key = newKey();
        runTurns(key, 10);
        service.archiveAll(key, Instant.now().plusSeconds(30));
        String chunk = objectKeys(layout.session(key)).get(0);
        s3.deleteObject(r -> r.bucket(Backends.BUCKET).key(chunk));

        assertThatThrownBy(() -> service.get(key, PageRequest.first()))
                .isInstanceOf(StoredDataUnreadableException.class)
                .hasMessageContaining(key.sessionId())
                .hasFieldOrPropertyWithValue("code", "STORED_DATA_UNREADABLE");
    }

    @Test
    void s3DownWhileReadingIsReportedAsUnavailable() {
        SessionKey key = newKey();
        runTurns(key, 10);
        service.archiveAll(key, Instant.now().plusSeconds(30));
        blobs.fault = FaultyBlobStore.Fault.FAIL_GETS;

        assertThatThrownBy(() -> service.get(key, PageRequest.first())).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void settingsSurviveArchiving() {
        SessionKey key = newKey();
        service.put(key, Json.object().put("user_id", "1"), null, new SessionSettings(3, null));
        runTurns(key, 5);
        SessionRecord archived = service.archiveAll(key, Instant.now().plusSeconds(30));
        assertThat(archived.archivedCount()).isEqualTo(7);
        assertThat(archived.context()).isEqualTo(Json.object().put("user_id", "1"));
    }
}
