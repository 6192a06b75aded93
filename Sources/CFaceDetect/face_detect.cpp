#include "face_detect.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

struct FDDetector {
    cv::dnn::Net net;
    /* The input, kept between runs of the same size rather than allocated for each. */
    cv::Mat blob;
};

static void fd_write_error(char *error, size_t length, const std::string &message)
{
    if (!error || length == 0)
        return;
    std::strncpy(error, message.c_str(), length - 1);
    error[length - 1] = '\0';
}

extern "C" FDDetector *fd_create(const void *model, size_t model_length, char *error, size_t error_length)
{
    try {
        std::unique_ptr<FDDetector> detector(new FDDetector);
        detector->net = cv::dnn::readNetFromONNX(static_cast<const char *>(model), model_length);
        if (detector->net.empty()) {
            fd_write_error(error, error_length, "the model file holds no network");
            return nullptr;
        }
        detector->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        detector->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        return detector.release();
    } catch (const std::exception &exception) {
        fd_write_error(error, error_length, exception.what());
        return nullptr;
    }
}

extern "C" void fd_destroy(FDDetector *detector)
{
    delete detector;
}

extern "C" int fd_detect(FDDetector *detector, const unsigned char *rgb, int width, int height,
                         int input_width, int input_height, float threshold,
                         FDFace *faces, int capacity, int *count, char *error, size_t error_length)
{
    try {
        if (input_width < width || input_height < height || input_width % 32 || input_height % 32) {
            fd_write_error(error, error_length, "the network input must hold the pixels and be a multiple of 32");
            return -1;
        }
        /* NCHW float blob, RGB 0-255, zero-padded on the right and bottom. */
        const int paddedWidth = input_width;
        const int paddedHeight = input_height;
        int shape[4] = { 1, 3, paddedHeight, paddedWidth };
        cv::Mat &blob = detector->blob;
        blob.create(4, shape, CV_32F);
        blob.setTo(cv::Scalar(0));
        float *planes = blob.ptr<float>();
        const size_t plane = (size_t) paddedWidth * paddedHeight;
        for (int y = 0; y < height; y++) {
            const unsigned char *row = rgb + (size_t) y * width * 3;
            for (int x = 0; x < width; x++) {
                const size_t at = (size_t) y * paddedWidth + x;
                planes[at] = row[x * 3];
                planes[plane + at] = row[x * 3 + 1];
                planes[2 * plane + at] = row[x * 3 + 2];
            }
        }
        detector->net.setInput(blob, "input.1");
        std::vector<cv::Mat> outputs;
        detector->net.forward(outputs, std::vector<cv::String>{ "537", "538", "539" });
        const cv::Mat &heatmap = outputs[0], &scale = outputs[1], &offset = outputs[2];
        const int mapHeight = heatmap.size[2], mapWidth = heatmap.size[3];
        const size_t mapPlane = (size_t) mapWidth * mapHeight;
        const float *heat = heatmap.ptr<float>();
        const float *scales = scale.ptr<float>();
        const float *offsets = offset.ptr<float>();

        std::vector<FDFace> found;
        for (int cy = 0; cy < mapHeight; cy++) {
            for (int cx = 0; cx < mapWidth; cx++) {
                const size_t at = (size_t) cy * mapWidth + cx;
                const float score = heat[at];
                if (score <= threshold)
                    continue;
                const float faceHeight = std::exp(scales[at]) * 4;
                const float faceWidth = std::exp(scales[mapPlane + at]) * 4;
                const float centerY = (cy + offsets[at] + 0.5f) * 4;
                const float centerX = (cx + offsets[mapPlane + at] + 0.5f) * 4;
                float x1 = std::max(0.0f, centerX - faceWidth / 2), y1 = std::max(0.0f, centerY - faceHeight / 2);
                float x2 = std::min((float) width, x1 + faceWidth), y2 = std::min((float) height, y1 + faceHeight);
                if (x2 <= x1 || y2 <= y1)
                    continue;
                found.push_back(FDFace{ x1, y1, x2 - x1, y2 - y1, score });
            }
        }
        std::sort(found.begin(), found.end(), [](const FDFace &a, const FDFace &b) { return a.score > b.score; });
        *count = (int) found.size();
        const int written = std::min(capacity, (int) found.size());
        std::copy(found.begin(), found.begin() + written, faces);
        return 0;
    } catch (const std::exception &exception) {
        fd_write_error(error, error_length, exception.what());
        return -1;
    }
}
