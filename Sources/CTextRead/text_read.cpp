// Finding lines of text with OpenCV's image processing, and reading them with Tesseract's
// C API. See include/text_read.h.
#include "text_read.h"

#include <opencv2/imgproc.hpp>
#include <tesseract/capi.h>

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <numeric>
#include <vector>

namespace {

void write_error(char *error, size_t length, const char *message) {
    if (error && length > 0) std::snprintf(error, length, "%s", message);
}

/// A shape that may be a letter, or letters run together (bold or serif type at a small
/// size): its box and centre in the level's pixels, and how many letters it may hold.
struct Shape {
    cv::Rect box;
    float cx, cy;
    int letters;
};

/// Shapes of one polarity whose size and fill may be letters of `min`-`max` pixels, and
/// the mask of every pixel marked as ink.
std::vector<Shape> letter_shapes(const cv::Mat &gray, bool dark_on_light, float min, float max, cv::Mat &marked) {
    int block = std::max(15, int(max * 2) | 1);
    // A letter is clearly darker (or lighter) than what surrounds it.
    cv::adaptiveThreshold(gray, marked, 255, cv::ADAPTIVE_THRESH_MEAN_C,
                          dark_on_light ? cv::THRESH_BINARY_INV : cv::THRESH_BINARY, block, dark_on_light ? 24 : -24);
    // Shapes are labelled band by band, so the labels (four bytes a pixel) never cover the
    // whole picture at once. Bands overlap by more than the tallest letter: every letter is
    // whole in one of them; a shape cut by a band's inner edge is taken from the next.
    const int band = 256, overlap = int(max) + 2;
    std::vector<Shape> shapes;
    for (int top = 0; top < marked.rows; top += band) {
        int first = std::max(0, top - overlap), last = std::min(marked.rows, top + band + overlap);
        cv::Mat labels, stats, centroids;
        int count = cv::connectedComponentsWithStats(marked.rowRange(first, last), labels, stats, centroids, 8, CV_32S);
        for (int i = 1; i < count; i++) {
            int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
            int y = stats.at<int>(i, cv::CC_STAT_TOP) + first;
            // Each shape once: from the band its top row belongs to, and whole.
            if (y < top || y >= top + band) continue;
            if ((y == first && first > 0) || (y + h == last && last < marked.rows)) continue;
            int area = stats.at<int>(i, cv::CC_STAT_AREA);
            if (h < min || h > max || w < 2 || w > 12 * h) continue;
            double fill = double(area) / (double(w) * h);
            if (fill < 0.12 || (fill > 0.9 && w > 0.4 * h) || (w > 2 * h && fill > 0.75)) continue;
            cv::Rect box(stats.at<int>(i, cv::CC_STAT_LEFT), y, w, h);
            int letters = std::max(1, int(std::lround(w / (0.65 * h))));
            shapes.push_back({box, float(box.x + w / 2.0), float(box.y + h / 2.0), letters});
        }
    }
    return shapes;
}

struct Groups {
    std::vector<int> parent;
    explicit Groups(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int i) { return parent[i] == i ? i : parent[i] = find(parent[i]); }
    void join(int a, int b) { parent[find(a)] = find(b); }
};

/// Letters side by side, of like height, level with each other (their boxes overlap from
/// top to bottom, which letters of a line turned up to about 20 degrees still do, and
/// letters of the lines above and below do not).
bool neighbours(const Shape &a, const Shape &b) {
    float ha = a.box.height, hb = b.box.height, h = std::max(ha, hb), low = std::min(ha, hb);
    if (h > 1.7f * low) return false;
    float gap = float(b.box.x) - float(a.box.x + a.box.width);
    if (gap > 1.1f * h || gap < -0.5f * h) return false;
    float overlap = float(std::min(a.box.y + a.box.height, b.box.y + b.box.height) - std::max(a.box.y, b.box.y));
    return overlap >= 0.5f * low;
}

/// How plainly a line stands out as print: the difference between its ink and the ground
/// around it, against how much that ground varies. Print on paper or a badge scores far
/// higher than shapes in the clutter of a photo.
double print_contrast(const cv::Mat &gray, const cv::Mat &ink, const cv::Rect &area) {
    cv::Rect box = area & cv::Rect(0, 0, gray.cols, gray.rows);
    if (box.empty()) return 0;
    cv::Mat grown;
    cv::dilate(ink(box), grown, cv::Mat());
    cv::Mat ground = grown == 0;
    if (cv::countNonZero(ground) < 8 || cv::countNonZero(ink(box)) < 8) return 0;
    cv::Scalar ground_mean, ground_spread;
    cv::meanStdDev(gray(box), ground_mean, ground_spread, ground);
    double ink_mean = cv::mean(gray(box), ink(box))[0];
    return std::fabs(ground_mean[0] - ink_mean) / (ground_spread[0] + 8);
}

/// Lines of at least three letters of one polarity, in the level's pixels.
void find_lines(const std::vector<Shape> &shapes, const cv::Mat &gray, const cv::Mat &ink, float to_image, std::vector<TRLine> &lines) {
    std::vector<int> order(shapes.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return shapes[a].box.x < shapes[b].box.x; });
    Groups groups(shapes.size());
    for (size_t i = 0; i < order.size(); i++) {
        const Shape &a = shapes[order[i]];
        float reach = a.box.x + a.box.width + 1.1f * 1.7f * a.box.height;
        for (size_t j = i + 1; j < order.size() && shapes[order[j]].box.x <= reach; j++) {
            if (neighbours(a, shapes[order[j]])) groups.join(order[i], order[j]);
        }
    }
    std::vector<std::vector<int>> members(shapes.size());
    for (size_t i = 0; i < shapes.size(); i++) members[groups.find(int(i))].push_back(int(i));
    for (auto &group : members) {
        int letters = 0;
        for (int i : group) letters += shapes[i].letters;
        if (group.size() < 2 || letters < 3) continue;
        std::vector<float> heights;
        std::vector<cv::Point2f> points;
        for (int i : group) {
            heights.push_back(shapes[i].box.height);
            const cv::Rect &r = shapes[i].box;
            points.push_back({float(r.x), float(r.y)});
            points.push_back({float(r.x + r.width), float(r.y + r.height)});
            points.push_back({float(r.x + r.width), float(r.y)});
            points.push_back({float(r.x), float(r.y + r.height)});
        }
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        float letter = heights[heights.size() / 2];
        // The baseline's angle from the letters' centres (least squares).
        double sx = 0, sy = 0, sxx = 0, sxy = 0, n = double(group.size());
        for (int i : group) {
            sx += shapes[i].cx; sy += shapes[i].cy;
            sxx += double(shapes[i].cx) * shapes[i].cx; sxy += double(shapes[i].cx) * shapes[i].cy;
        }
        double spread = sxx - sx * sx / n;
        double slope = spread > 1e-6 ? (sxy - sx * sy / n) / spread : 0;
        double angle = std::atan(slope) * 180.0 / M_PI;
        if (std::fabs(angle) > 20) continue;
        // Letters of a line stand on it: their centres stay close to the fitted line.
        double residual = 0;
        for (int i : group) {
            double expected = sy / n + slope * (shapes[i].cx - sx / n);
            residual += std::fabs(shapes[i].cy - expected);
        }
        if (residual / n > 0.3 * letter) continue;
        cv::Rect around = shapes[group[0]].box;
        for (int i : group) around |= shapes[i].box;
        around -= cv::Point(int(letter / 2), int(letter / 2));
        around += cv::Size(int(letter), int(letter));
        double contrast = print_contrast(gray, ink, around);
        if (contrast < 2) continue;
        cv::RotatedRect turned = cv::minAreaRect(points);
        // Measure the box along the fitted angle: length along the text, thickness across it.
        double radians = angle * M_PI / 180.0, cosine = std::cos(radians), sine = std::sin(radians);
        float lo_u = 1e9f, hi_u = -1e9f, lo_v = 1e9f, hi_v = -1e9f;
        for (auto &p : points) {
            float u = float((p.x - turned.center.x) * cosine + (p.y - turned.center.y) * sine);
            float v = float(-(p.x - turned.center.x) * sine + (p.y - turned.center.y) * cosine);
            lo_u = std::min(lo_u, u); hi_u = std::max(hi_u, u); lo_v = std::min(lo_v, v); hi_v = std::max(hi_v, v);
        }
        float mid_u = (lo_u + hi_u) / 2, mid_v = (lo_v + hi_v) / 2;
        TRLine line;
        line.center_x = float(turned.center.x + mid_u * cosine - mid_v * sine) * to_image;
        line.center_y = float(turned.center.y + mid_u * sine + mid_v * cosine) * to_image;
        line.length = (hi_u - lo_u) * to_image;
        line.thickness = (hi_v - lo_v) * to_image;
        line.angle = float(angle);
        line.letter_height = letter * to_image;
        line.letters = letters;
        // Most sure of long lines whose letters share one height.
        size_t even = std::count_if(group.begin(), group.end(), [&](int i) {
            float h = shapes[i].box.height;
            return h >= 0.6f * letter && h <= 1.5f * letter;
        });
        line.evenness = float(even) / float(group.size());
        line.score = float(std::min(1.0, contrast / 8)) * line.evenness * std::min(1.0f, float(group.size()) / 4.0f);
        lines.push_back(line);
    }
}

}  // namespace

extern "C" int tr_find_lines(const unsigned char *rgb, int width, int height, float min_letter, float max_letter,
                             TRLine *lines, int capacity, int *count, char *error, size_t error_length) {
    try {
        cv::Mat color(height, width, CV_8UC3, const_cast<unsigned char *>(rgb));
        cv::Mat gray;
        cv::cvtColor(color, gray, cv::COLOR_RGB2GRAY);
        std::vector<TRLine> found;
        // Each level finds letters from its smallest to three times that; bigger ones are
        // found on a copy halved, then halved again. The levels overlap, so the small and
        // capital letters of one word are always found together on one of them.
        float scale = 1, low = std::max(6.0f, min_letter), high = low * 3;
        while (low * scale <= max_letter && gray.cols >= 32 && gray.rows >= 32) {
            for (bool dark : {true, false}) {
                cv::Mat ink;
                std::vector<Shape> shapes = letter_shapes(gray, dark, low, high, ink);
                find_lines(shapes, gray, ink, scale, found);
            }
            cv::Mat half;
            cv::resize(gray, half, cv::Size(gray.cols / 2, gray.rows / 2), 0, 0, cv::INTER_AREA);
            gray = half;
            scale *= 2;
        }
        std::sort(found.begin(), found.end(), [](const TRLine &a, const TRLine &b) { return a.score > b.score; });
        *count = int(found.size());
        std::copy_n(found.begin(), std::min<size_t>(found.size(), size_t(std::max(0, capacity))), lines);
        return 0;
    } catch (const std::exception &failure) {
        write_error(error, error_length, failure.what());
        return -1;
    }
}

struct TRReader {
    TessBaseAPI *api;
};

/// Tesseract spreads its work over OpenMP threads; next to a face detector that already uses
/// every core, that only adds contention. Its parallel regions run on the calling thread.
/// (Found at run time: libgomp comes with Tesseract, and OpenCV does not use it.)
static void serial_openmp() {
    using SetLevels = void (*)(int);
    if (auto set = reinterpret_cast<SetLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"))) set(0);
}

extern "C" TRReader *tr_create(const char *data_path, const char *language, char *error, size_t error_length) {
    serial_openmp();
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api) {
        write_error(error, error_length, "Tesseract could not be started");
        return nullptr;
    }
    // Tesseract's own notes would go to the terminal.
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit2(api, data_path, language, tesseract::OEM_LSTM_ONLY) != 0) {
        TessBaseAPIDelete(api);
        char message[512];
        std::snprintf(message, sizeof message, "the Tesseract language \"%s\" could not be loaded from %s", language, data_path);
        write_error(error, error_length, message);
        return nullptr;
    }
    return new TRReader{api};
}

extern "C" void tr_destroy(TRReader *reader) {
    if (!reader) return;
    TessBaseAPIEnd(reader->api);
    TessBaseAPIDelete(reader->api);
    delete reader;
}

extern "C" int tr_read(TRReader *reader, const unsigned char *rgb, int width, int height, float angle, float scale,
                       TRWord *words, int capacity, int *count, char *error, size_t error_length) {
    try {
        cv::Mat color(height, width, CV_8UC3, const_cast<unsigned char *>(rgb));
        cv::Mat gray;
        cv::cvtColor(color, gray, cv::COLOR_RGB2GRAY);
        // Turn the text level and scale it, into a canvas that holds all of it.
        cv::Point2f centre(width / 2.0f, height / 2.0f);
        cv::Mat turn = cv::getRotationMatrix2D(centre, angle, scale);
        double cosine = std::fabs(turn.at<double>(0, 0)), sine = std::fabs(turn.at<double>(0, 1));
        int out_width = std::max(1, int(height * sine + width * cosine + 0.5));
        int out_height = std::max(1, int(height * cosine + width * sine + 0.5));
        turn.at<double>(0, 2) += out_width / 2.0 - centre.x;
        turn.at<double>(1, 2) += out_height / 2.0 - centre.y;
        cv::Mat level;
        cv::warpAffine(gray, level, turn, cv::Size(out_width, out_height), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::Mat back;
        cv::invertAffineTransform(turn, back);

        TessBaseAPI *api = reader->api;
        TessBaseAPISetPageSegMode(api, tesseract::PSM_SINGLE_BLOCK);
        TessBaseAPISetImage(api, level.data, level.cols, level.rows, 1, int(level.step));
        TessBaseAPISetSourceResolution(api, 300);
        *count = 0;
        if (TessBaseAPIRecognize(api, nullptr) != 0) {
            write_error(error, error_length, "Tesseract could not read the text");
            return -1;
        }
        TessResultIterator *iterator = TessBaseAPIGetIterator(api);
        if (!iterator) return 0;
        TessPageIterator *page = TessResultIteratorGetPageIterator(iterator);
        do {
            char *text = TessResultIteratorGetUTF8Text(iterator, tesseract::RIL_WORD);
            if (!text) continue;
            int left, top, right, bottom;
            if (TessPageIteratorBoundingBox(page, tesseract::RIL_WORD, &left, &top, &right, &bottom)) {
                if (*count < capacity) {
                    TRWord &word = words[*count];
                    cv::Point2f corners[4] = {{float(left), float(top)}, {float(right), float(top)},
                                              {float(right), float(bottom)}, {float(left), float(bottom)}};
                    for (int k = 0; k < 4; k++) {
                        word.corners[2 * k] = float(back.at<double>(0, 0) * corners[k].x + back.at<double>(0, 1) * corners[k].y + back.at<double>(0, 2));
                        word.corners[2 * k + 1] = float(back.at<double>(1, 0) * corners[k].x + back.at<double>(1, 1) * corners[k].y + back.at<double>(1, 2));
                    }
                    word.confidence = TessResultIteratorConfidence(iterator, tesseract::RIL_WORD);
                    std::snprintf(word.text, sizeof word.text, "%s", text);
                }
                (*count)++;
            }
            TessDeleteText(text);
        } while (TessPageIteratorNext(page, tesseract::RIL_WORD));
        TessResultIteratorDelete(iterator);
        TessBaseAPIClear(api);
        return 0;
    } catch (const std::exception &failure) {
        write_error(error, error_length, failure.what());
        return -1;
    }
}
