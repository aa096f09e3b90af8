"""Word segmentation keeps gazetteer names and sector terms whole."""

from jiance.words import cut


def test_names_and_sector_terms_stay_whole():
    words = cut("示例市推动工业互联网平台建设，罗湖区上线跨境电商服务，国家卫健委发布通知。")
    assert "工业互联网" in words
    assert "罗湖区" in words
    assert "跨境电商" in words
    assert "国家卫健委" in words
