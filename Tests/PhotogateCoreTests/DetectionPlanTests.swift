import PhotogateCore
import Testing

@Suite("Detection plan")
struct DetectionPlanTests {
    let settings = DetectionSettings.standard
    let reach = NetworkReach.centerFace

    func plan(_ width: Int, _ height: Int) -> DetectionPlan {
        DetectionPlan(imageWidth: width, imageHeight: height, settings: settings)
    }

    /// How many times smaller a face is in the plan's survey than in the photo.
    func reduction(_ plan: DetectionPlan) -> Double {
        Double(plan.imageHeight) / Double(plan.survey.height)
    }

    @Test("an ordinary 4:3 photo is surveyed at the overview size, as before, and looked at again at full resolution")
    func ordinaryPhoto() {
        let plan = plan(4000, 3000)
        #expect(plan.survey.width == 1024 && plan.survey.height == 768)
        #expect(plan.lookMargin != nil)
    }

    @Test("a panorama of any width reduces a face no more than an ordinary photo as high as it",
          arguments: [14, 16, 24, 40])
    func panorama(tilesAcross: Int) {
        let wide = plan(1280 * tilesAcross, 886)
        let ordinary = plan(1280, 886)
        #expect(reduction(wide) <= reduction(ordinary) * 1.01)
        // The 100-125 px faces of a row of group photos stay far above what the network is sure of.
        #expect(100 / reduction(wide) >= 4 * reach.sureFace)
    }

    @Test("a panorama 51 200 px wide and a tall scan are surveyed strip by strip at the scale of a 4:3 photo")
    func extremeShapes() {
        let ordinary = reduction(plan(4000, 3000))
        for (width, height) in [(51200, 3000), (3000, 51200), (12000, 3000), (3000, 4000)] {
            let plan = plan(width, height)
            let scale = Double(plan.survey.longSide) / Double(max(width, height))
            #expect(abs(1 / scale - ordinary) < 0.01, "\(width)x\(height): survey \(plan.survey)")
        }
    }

    @Test("a photo no larger than the survey is read at full resolution once, with nothing finer to look at")
    func smallPhoto() {
        for (width, height) in [(640, 480), (1000, 700), (20000, 500), (1, 1)] {
            let plan = plan(width, height)
            #expect(plan.survey.width == width && plan.survey.height == height)
            #expect(plan.lookMargin == nil)
        }
    }

    @Test("the survey's windows cover all of it and neighbours share the overlap")
    func windowsCoverTheSurvey() {
        for (width, height) in [(4000, 3000), (51200, 886), (886, 20480)] {
            let level = plan(width, height).survey
            let windows = TilePlan.grid(imageWidth: level.width, imageHeight: level.height, window: settings.window)
            let xs = Set(windows.map(\.x)).sorted(), ys = Set(windows.map(\.y)).sorted()
            #expect(xs.first == 0 && ys.first == 0)
            #expect(windows.allSatisfy { $0.maxX <= Double(level.width) && $0.maxY <= Double(level.height) })
            #expect(windows.contains { $0.maxX == Double(level.width) } && windows.contains { $0.maxY == Double(level.height) })
            let across = zip(xs, xs.dropFirst()).map { Double(min(settings.window.width, level.width)) - ($1 - $0) }
            let down = zip(ys, ys.dropFirst()).map { Double(min(settings.window.height, level.height)) - ($1 - $0) }
            #expect((across + down).allSatisfy { $0 >= Double(TilePlan.standardOverlap) }, "\(width)x\(height): survey \(level)")
        }
    }

    @Test("a hint near the photo's edge needs no margin on that side: one window holds it and its neighbour")
    func hintsAtTheEdge() {
        let tiles = TilePlan.tiles(covering: [(x: 5, y: 5), (x: 12, y: 14)], imageWidth: 4000, imageHeight: 3000,
                                   window: settings.window, margin: 52)
        #expect(tiles == [Box(x: 0, y: 0, width: 640, height: 480)])
    }
}
