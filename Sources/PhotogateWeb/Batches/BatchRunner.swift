import Foundation
import Logging
import PhotogateCore
import PhotogateMedia
import PhotogateServices
import PhotogateStore
import ServiceLifecycle

/// Runs the browser's batches in the background, one at a time in the order sent (each
/// already uses both cores), keeping each job's progress in the home after every photo. On
/// the server's start it finishes what a stopped server left: an interrupted ingest runs
/// again from the uploaded files (what it had stored is found in the vault), an interrupted
/// check goes on from the first photo not yet checked.
actor BatchRunner: Service {
    let home: PhotogateHome
    let engine: FaceEngine
    let logger: Logger
    /// Jobs to run, in the order sent; the stream ends its loop when the server stops.
    private let queue: AsyncStream<String>
    private let queued: AsyncStream<String>.Continuation

    init(home: PhotogateHome, engine: FaceEngine, logger: Logger) {
        self.home = home
        self.engine = engine
        self.logger = logger
        (queue, queued) = AsyncStream.makeStream(of: String.self)
    }

    /// Queues a job saved in the home.
    nonisolated func start(_ id: String) {
        queued.yield(id)
    }

    func run() async throws {
        home.batchJobs.removeAbandonedUploads()
        for job in home.batchJobs.all().reversed() where job.isUnfinished { start(job.id) }
        await cancelWhenGracefulShutdown {
            for await id in self.queue {
                await self.work(on: id)
            }
        }
    }

    private func work(on id: String) async {
        guard let job = home.batchJobs.job(id: id), job.isUnfinished else { return }
        let record = JobRecord(job, jobs: home.batchJobs)
        do {
            let user = try await SignedInUser.resume(job.user, in: home)
            try await BatchJobWork(home: home, user: user, engine: engine, record: record).finish()
        } catch {
            logger.warning("batch \(id) stopped: \(error)")
            record.update { job in
                job.stage = .failed
                job.failure = (error as? PhotogateError)?.message ?? "\(error)"
            }
            home.batchJobs.removeUploads(of: id)
        }
    }
}

/// One job's steps, each recorded as it goes.
private struct BatchJobWork {
    let home: PhotogateHome
    let user: SignedInUser
    let engine: FaceEngine
    let record: JobRecord

    func finish() async throws {
        let service = BatchService(home: home, user: user, engine: engine)
        if record.job.stage == .ingesting {
            let job = record.job
            let source = UploadedFiles(job: job, folder: try home.batchJobs.uploadFolder(of: job.id), limits: .standard)
            let (summary, stored) = try await service.ingest(device: job.device, from: source, deleteFromDevice: false) { _, done, _ in
                record.update { $0.ingested = done }
            }
            record.update { job in
                job.ingestBatch = summary.batch
                job.photos = stored.map { BatchJob.Photo(sha256: $0.sha256, name: $0.name) }
                job.refused += summary.rejected.map { BatchJob.Refused(name: $0.file, reason: $0.reason) }
                job.stage = .checking
            }
            // The vault has them now; the uploaded originals (GPS and all) go.
            home.batchJobs.removeUploads(of: job.id)
        }
        let waiting = record.job.photos.filter { $0.verdict == nil }.map { BatchService.StoredPhoto(name: $0.name, sha256: $0.sha256) }
        _ = try await service.check(waiting, channel: record.job.channel) { outcome, _, _ in
            let (verdict, reason) = BatchService.summary(of: outcome)
            if let sha256 = outcome.sha256 { record.update { $0.record(verdict, reason: reason, for: sha256) } }
        }
        record.update { $0.stage = .done }
    }
}

/// A job as it is now, saved whole after every change. A save that fails leaves the last
/// one, which a restart resumes from.
final class JobRecord: @unchecked Sendable {
    private let lock = NSLock()
    private var current: BatchJob
    private let jobs: BatchJobs

    init(_ job: BatchJob, jobs: BatchJobs) {
        current = job
        self.jobs = jobs
    }

    var job: BatchJob {
        lock.withLock { current }
    }

    func update(_ change: (inout BatchJob) -> Void) {
        lock.withLock {
            change(&current)
            try? jobs.save(current)
        }
    }
}
